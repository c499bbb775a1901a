// The form for a status note (POST …/status).
import { Box, Input, pathOf, str, type FormProps } from './form';

export function StatusForm({ run }: FormProps) {
  return (
    <Box title="Statusnotat" submit="Gem statusnotat" onSubmit={(form) => run(pathOf('status'), { notat: str(form, 'notat') }, 'Statusnotatet er gemt.')}>
      <Input label="Notat" name="notat" type="textarea" />
    </Box>
  );
}
