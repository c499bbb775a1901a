// The form for the visitation: grant or refuse, with the indsats and frame where there is a choice (POST …/visitation).
import { ENHED_NAVN, idag, navn, tal } from '../../format';
import { Box, changedDate, Input, pathOf, Radios, Select, str, type FormProps } from './form';

export function VisitationForm({ forloeb, regelsaet, valg, run }: FormProps) {
  const today = idag();
  // The indsatser this role may grant, as the API answers; their names and frames from the regelsæt.
  const indsatser = regelsaet.indsatser.filter((i) => valg.includes(i.id));
  const frames = indsatser.flatMap((i) => i.frames.map((f) => [i.id, f] as const));
  const multiFrame = frames.length > indsatser.length;
  const isPlan = forloeb.kilde.kind === 'genoptraeningsplan';
  return (
    <Box
      title="Visitation"
      submit="Registrér visitation"
      onSubmit={(form) => {
        const afgoerelse = str(form, 'afgoerelse');
        const begrundelse = str(form, 'begrundelse');
        const indsatsId = str(form, 'indsatsId');
        const rammeAntal = Number(str(form, 'rammeAntal'));
        return run(
          pathOf('visitation'),
          {
            afgoerelse,
            ...(indsatsId ? { indsatsId } : {}),
            ...(rammeAntal > 0 ? { rammeAntal } : {}),
            ...(begrundelse ? { begrundelse } : {}),
            ...changedDate(form, 'visitationsdato', today),
          },
          afgoerelse === 'bevilget' ? 'Forløbet er bevilget.' : 'Forløbet er afslået.',
        );
      }}
    >
      <Radios legend="Afgørelse" name="afgoerelse" defaultValue="bevilget" options={[['bevilget', 'Bevilg'], ['afslaaet', 'Afslå']]} />
      {!isPlan && indsatser.length > 0 && (
        <Select label="Indsats" name="indsatsId" defaultValue={typeof forloeb.kilde.indsatsId === 'string' ? forloeb.kilde.indsatsId : undefined} options={indsatser.map((i) => [i.id, i.name])} />
      )}
      {!isPlan && multiFrame && (
        <Select
          label="Ramme"
          name="rammeAntal"
          options={[['', 'Indsatsens standard'], ...frames.map(([, f]) => [String(f.amount), `${tal(f.amount)} ${navn(ENHED_NAVN, f.unit)}`] as [string, string])]}
        />
      )}
      <Input label="Begrundelse (valgfri ved bevilling)" name="begrundelse" type="textarea" />
      <Input label="Afgørelsesdato (dagen afgørelsen blev truffet)" name="visitationsdato" type="date" defaultValue={today} />
    </Box>
  );
}
