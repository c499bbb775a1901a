// The form to book the start (POST …/opstart).
import { idag } from '../../format';
import { Box, Input, pathOf, str, type FormProps } from './form';

export function OpstartForm({ forloeb, run }: FormProps) {
  const today = idag();
  return (
    <Box title="Book opstart" submit="Book opstart" onSubmit={(form) => run(pathOf('opstart'), { startdato: str(form, 'startdato') }, 'Opstarten er booket.')}>
      <Input label="Startdato" name="startdato" type="date" defaultValue={forloeb.opstart?.startdato ?? today} />
    </Box>
  );
}
