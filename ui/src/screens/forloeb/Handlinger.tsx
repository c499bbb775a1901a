// The actions of the forløb detail: one form per command, each in its own module. The detail offers
// a form for exactly the commands the API's answer allows (`tilladteHandlinger`); every command has one.
import type { JSX } from 'react';
import type { Handling } from '../../../../api/contract';
import { AfgoerelseForm } from './AfgoerelseForm';
import { AfholdtForm } from './AfholdtForm';
import { AfslutningForm } from './AfslutningForm';
import { AnnulleringForm } from './AnnulleringForm';
import { BorgerNavnForm } from './BorgerNavnForm';
import { ForlaengelseForm } from './ForlaengelseForm';
import { KontaktForm } from './KontaktForm';
import { LukningForm } from './LukningForm';
import { OpfoelgningForm } from './OpfoelgningForm';
import { OpstartForm } from './OpstartForm';
import { SessionForm } from './SessionForm';
import { StatusForm } from './StatusForm';
import { TerapeutForm } from './TerapeutForm';
import { VisitationForm } from './VisitationForm';
import type { FormProps } from './form';

const FORMS: Record<Handling, (props: FormProps) => JSX.Element> = {
  visitation: VisitationForm,
  terapeut: TerapeutForm,
  kontakt: KontaktForm,
  opstart: OpstartForm,
  afholdt: AfholdtForm,
  annullering: AnnulleringForm,
  sessioner: SessionForm,
  status: StatusForm,
  forlaengelse: ForlaengelseForm,
  afgoerelse: AfgoerelseForm,
  afslutning: AfslutningForm,
  lukning: LukningForm,
  opfoelgning: OpfoelgningForm,
  borger: BorgerNavnForm,
};

export function Handling({ handling, ...props }: FormProps & { handling: Handling }) {
  const Form = FORMS[handling];
  return <Form {...props} />;
}
