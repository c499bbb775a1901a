// The form to end the forløb with a reason (POST …/afslutning).
import { AARSAG_NAVN, idag } from '../../format';
import { Box, Input, pathOf, Select, str, type FormProps } from './form';

export function AfslutningForm({ run }: FormProps) {
  const today = idag();
  return (
    <Box
      title="Afslut forløbet"
      submit="Registrér afslutning"
      onSubmit={(form) => {
        const notat = str(form, 'afslutningsnotat');
        return run(pathOf('afslutning'), { aarsag: str(form, 'aarsag'), dato: str(form, 'afslutningsdato'), ...(notat ? { notat } : {}) }, 'Afslutningen er registreret.');
      }}
    >
      <Select label="Årsag" name="aarsag" options={Object.entries(AARSAG_NAVN)} />
      <Input label="Dato" name="afslutningsdato" type="date" defaultValue={today} />
      <Input label="Notat (valgfrit)" name="afslutningsnotat" type="textarea" />
    </Box>
  );
}
