// The form to annul a session recorded in error (POST …/sessioner/{seq}/annullering).
import { dato, navn, UDFALD_NAVN } from '../../format';
import { Box, Input, pathOf, Select, str, type FormProps } from './form';

export function AnnulleringForm({ forloeb, run }: FormProps) {
  // The latest first: a mistake is usually noticed soon after.
  const sessions = (forloeb.sessioner ?? []).filter((x) => !x.annulleret).reverse();
  return (
    <Box
      title="Annullér en træning"
      submit="Annullér træningen"
      onSubmit={(form) =>
        run(pathOf('annullering', { seq: str(form, 'sessionSeq') }), { begrundelse: str(form, 'annulleringsbegrundelse') }, 'Træningen er annulleret.')
      }
    >
      {/* Mounted anew when the list changes, so the latest session is the one preselected. */}
      <Select
        key={sessions.map((x) => x.seq).join(',')}
        label="Træning registreret ved en fejl"
        name="sessionSeq"
        options={sessions.map((x) => [String(x.seq), `${dato(x.dato)}: ${navn(UDFALD_NAVN, x.udfald).toLowerCase()} (nr. ${x.seq})`] as [string, string])}
      />
      <Input label="Begrundelse for annulleringen" name="annulleringsbegrundelse" type="textarea" />
    </Box>
  );
}
