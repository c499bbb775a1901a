// The web UI's entry: Danish validation messages, DKFDS initialised once, then the app.
import * as DKFDS from 'dkfds';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import 'dkfds-dist/css/dkfds.min.css';
import './styles.css';
import { App } from './App';

z.config(z.locales.da());

const root = document.getElementById('app');
if (root) createRoot(root).render(<App />);
// DKFDS once per page; the components below are React's, so none of them needs its own init.
DKFDS.init();
