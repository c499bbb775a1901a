// The form to record a follow-up (POST …/opfoelgning).
import { idag } from '../../format';
import { Box, Input, pathOf, str, type FormProps } from './form';

export function OpfoelgningForm({ run }: FormProps) {
  const today = idag();
  return (
    <Box
      title="Opfølgning"
      submit="Registrér opfølgning"
      onSubmit={(form) => run(pathOf('opfoelgning'), { dato: str(form, 'opfoelgningsdato'), notat: str(form, 'opfoelgningsnotat') }, 'Opfølgningen er registreret.')}
    >
      <Input label="Fulgt op den" name="opfoelgningsdato" type="date" defaultValue={today} />
      <Input label="Notat" name="opfoelgningsnotat" type="textarea" />
    </Box>
  );
}
