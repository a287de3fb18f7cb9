import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './ui/theme.css';
import './ui/ui.css';
import './app/app.css';
import { App } from './app/App';
import { loadSession } from './app/auth';
import { setupI18n } from './i18n';

setupI18n();
void loadSession();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
