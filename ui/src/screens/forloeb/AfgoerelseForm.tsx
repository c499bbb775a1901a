// The form to decide the extension request that waits (POST …/forlaengelse/{id}/afgoerelse).
import { FORLAENGELSE_NAVN, idag, navn, tal } from '../../format';
import { Box, changedDate, Input, pathOf, Radios, str, type FormProps } from './form';

export function AfgoerelseForm({ forloeb, run }: FormProps) {
  const today = idag();
  const pending = forloeb.forlaengelser.find((x) => !x.afgoerelse)!;
  return (
    <Box
      title={`Afgør anmodning: ${navn(FORLAENGELSE_NAVN, pending.type).toLowerCase()} på ${tal(pending.antal)}`}
      submit="Registrér afgørelse"
      onSubmit={(form) => {
        const afgoerelse = str(form, 'afgoerelseForlaengelse');
        const body = { afgoerelse, begrundelse: str(form, 'begrundelseForlaengelse'), ...changedDate(form, 'afgoerelsesdato', today) };
        return run(pathOf('afgoerelse', { anmodningId: pending.id }), body, afgoerelse === 'godkendt' ? 'Forlængelsen er godkendt.' : 'Forlængelsen er afvist.');
      }}
    >
      <Radios legend="Afgørelse" name="afgoerelseForlaengelse" defaultValue="godkendt" options={[['godkendt', 'Godkend'], ['afvist', 'Afvis']]} />
      <Input label="Begrundelse" name="begrundelseForlaengelse" type="textarea" />
      <Input label="Afgørelsesdato" name="afgoerelsesdato" type="date" defaultValue={today} />
    </Box>
  );
}
