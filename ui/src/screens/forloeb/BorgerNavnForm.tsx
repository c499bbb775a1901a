// The form to enter or correct the borger's name (POST …/borger).
import { Box, Input, pathOf, str, type FormProps } from './form';

export function BorgerNavnForm({ forloeb, run }: FormProps) {
  return (
    <Box title="Borgerens navn" submit="Gem navnet" onSubmit={(form) => run(pathOf('borger'), { navn: str(form, 'borgernavn') }, 'Borgerens navn er registreret.')}>
      <Input label="Navn" name="borgernavn" defaultValue={forloeb.borger.navn ?? ''} />
    </Box>
  );
}
