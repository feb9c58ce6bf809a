// The README's SelfieStep.tsx is written beside this file by the test.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SelfieStep } from './SelfieStep.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SelfieStep onVerdict={(verdict) => console.info('verdict', verdict)} />
  </StrictMode>,
);
