// The form for the first contact with the borger (POST …/kontakt).
import { idag } from '../../format';
import { Box, Input, pathOf, str, type FormProps } from './form';

export function KontaktForm({ run }: FormProps) {
  const today = idag();
  return (
    <Box title="Kontakt til borgeren" submit="Registrér kontakt" onSubmit={(form) => run(pathOf('kontakt'), { dato: str(form, 'kontaktdato') }, 'Kontakten er registreret.')}>
      <Input label="Kontaktet den" name="kontaktdato" type="date" defaultValue={today} />
    </Box>
  );
}
