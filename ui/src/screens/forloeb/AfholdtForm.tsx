// The form to record that the start was held (POST …/opstart/afholdt).
import { idag } from '../../format';
import { Box, Input, pathOf, str, type FormProps } from './form';

export function AfholdtForm({ run }: FormProps) {
  const today = idag();
  return (
    <Box title="Opstart afholdt" submit="Registrér opstart" onSubmit={(form) => run(pathOf('afholdt'), { dato: str(form, 'afholdtdato') }, 'Opstarten er registreret som afholdt.')}>
      <Input label="Afholdt den" name="afholdtdato" type="date" defaultValue={today} />
    </Box>
  );
}
