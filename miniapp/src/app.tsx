import type { PropsWithChildren } from 'react';
import { ElderModeProvider } from './store/elderMode';
import './app.scss';

function App({ children }: PropsWithChildren) {
  return <ElderModeProvider>{children}</ElderModeProvider>;
}

export default App;
