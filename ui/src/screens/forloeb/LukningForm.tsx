// The form to close the forløb (POST …/lukning).
import { idag } from '../../format';
import { Box, changedDate, Input, pathOf, type FormProps } from './form';

export function LukningForm({ run }: FormProps) {
  const today = idag();
  return (
    <Box title="Luk forløbet" submit="Luk forløbet" onSubmit={(form) => run(pathOf('lukning'), changedDate(form, 'lukningsdato', today), 'Forløbet er lukket.')}>
      <Input label="Lukket den" name="lukningsdato" type="date" defaultValue={today} />
    </Box>
  );
}
