// The form to ask for an extension, of a kind the API leaves the role (POST …/forlaengelse).
import { ENHED_NAVN, FORLAENGELSE_NAVN, navn } from '../../format';
import { Box, Input, pathOf, Select, str, type FormProps } from './form';

export function ForlaengelseForm({ forloeb, regelsaet, valg, run }: FormProps) {
  // The kinds this role may ask for, as the API answers; the sizes and limits named from the regelsæt.
  const { extension } = regelsaet;
  const options = valg.map((kind): [string, string] => {
    const size = extension.tillaegsbevillinger.find((s) => `tillaegsbevilling_${s.id}` === kind);
    if (size) return [kind, `${size.name} (${size.min}–${size.max} ${navn(ENHED_NAVN, size.unit)})`];
    if (kind === 'ekstra_sessioner' && extension.extraWithoutApplication) return [kind, `${FORLAENGELSE_NAVN.ekstra_sessioner} (op til ${extension.extraWithoutApplication.upTo})`];
    return [kind, navn(FORLAENGELSE_NAVN, kind)];
  });
  return (
    <Box
      title="Anmod om forlængelse"
      submit="Send anmodning"
      onSubmit={(form) =>
        run(pathOf('forlaengelse'), { type: str(form, 'type'), antal: Number(str(form, 'antal').replace(',', '.')), begrundelse: str(form, 'begrundelse') }, 'Anmodningen om forlængelse er sendt.')
      }
    >
      <Select label="Type" name="type" options={options} />
      <Input label={`Antal ${forloeb.ramme ? navn(ENHED_NAVN, forloeb.ramme.enhed) : ''}`} name="antal" type="number" min={1} step={1} defaultValue={4} />
      <Input label="Begrundelse" name="begrundelse" type="textarea" />
    </Box>
  );
}
