import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startHashSync, useAppStore } from '../state';
import { App } from './App';
import './app.css';

// Load language and input from the URL hash before the first paint, then keep them in step.
startHashSync(useAppStore, window);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
