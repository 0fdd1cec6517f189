import type { PropsWithChildren } from 'react';
import { z } from 'zod';
import { ElderModeProvider } from './store/elderMode';
import './app.scss';

// No code from strings: the H5 page's CSP (script-src 'self') and the WeChat runtime both refuse
// eval, and zod would otherwise probe for it with `new Function` on its first object parse.
z.config({ jitless: true });

function App({ children }: PropsWithChildren) {
  return <ElderModeProvider>{children}</ElderModeProvider>;
}

export default App;
