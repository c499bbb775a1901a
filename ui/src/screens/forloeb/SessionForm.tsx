// The form to record a session (POST …/sessioner), asking before a second one on the same day.
import { useState } from 'react';
import { idag, navn, UDFALD_NAVN } from '../../format';
import { Box, Input, pathOf, Radios, str, type FormProps } from './form';

/**
 * A session. A second one on the same day is answered 409 `kraever_bekraeftelse`: the form then asks,
 * and sends it again confirmed (`bekraeftet`) only when the user says yes.
 */
export function SessionForm({ forloeb, run }: FormProps) {
  const timer = forloeb.ramme?.enhed === 'timer';
  const today = idag();
  const [asking, setAsking] = useState<{ body: Record<string, unknown>; udfald: string; message: string } | null>(null);
  const done = (udfald: string) => `Træningen er registreret: ${navn(UDFALD_NAVN, udfald).toLowerCase()}.`;
  const confirm = async () => {
    if (!asking) return;
    setAsking(null);
    await run(pathOf('sessioner'), { ...asking.body, bekraeftet: true }, done(asking.udfald));
  };
  return (
    <Box
      title="Registrér træning"
      submit="Registrér træning"
      onSubmit={(form) => {
        const udfald = str(form, 'udfald');
        const minutter = udfald === 'gennemfoert' ? Number(str(form, 'varighed') || '0') : 0;
        const body = { dato: str(form, 'sessionsdato'), udfald, varighedMinutter: minutter };
        setAsking(null);
        return run(pathOf('sessioner'), body, done(udfald), (e) => {
          if (e.kode !== 'kraever_bekraeftelse') return false;
          setAsking({ body, udfald, message: e.message });
          return true;
        });
      }}
    >
      <Radios
        legend="Udfald"
        name="udfald"
        defaultValue="gennemfoert"
        options={[
          ['gennemfoert', 'Gennemført'],
          ['aflyst_af_borger', 'Aflyst af borger'],
          ['aflyst_af_enheden', 'Aflyst af enheden'],
          ['udeblevet', 'Udeblevet'],
        ]}
      />
      <div className="felt-raekke">
        <Input label="Dato" name="sessionsdato" type="date" defaultValue={today} />
        <Input label={timer ? 'Varighed i minutter (trækkes fra rammen)' : 'Varighed i minutter'} name="varighed" type="number" min={0} step={5} defaultValue={timer ? 90 : 60} />
      </div>
      {asking && (
        <div className="alert alert-warning" role="alert" data-testid="bekraeft-session">
          <div className="alert-body">
            <p className="alert-text">{asking.message}</p>
            <button type="button" className="button button-secondary" onClick={() => void confirm()}>
              Ja, registrér endnu en træning
            </button>
          </div>
        </div>
      )}
    </Box>
  );
}
