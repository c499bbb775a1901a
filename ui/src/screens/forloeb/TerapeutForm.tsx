// The form to assign a therapist and unit (POST …/terapeut).
import { Box, Input, pathOf, str, type FormProps } from './form';

export function TerapeutForm({ forloeb, run }: FormProps) {
  return (
    <Box
      title="Tildel terapeut"
      submit="Tildel"
      onSubmit={(form) => run(pathOf('terapeut'), { terapeut: str(form, 'terapeut'), enhed: str(form, 'enhed') }, 'Terapeuten er tildelt.')}
    >
      <Input label="Terapeut" name="terapeut" defaultValue={forloeb.terapeut?.terapeut ?? ''} />
      <Input label="Enhed" name="enhed" defaultValue={forloeb.terapeut?.enhed ?? `Træningsenheden ${forloeb.kommune}`} />
    </Box>
  );
}
