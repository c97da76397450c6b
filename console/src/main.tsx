import '@mantine/core/styles.css';
import './print.css';
import { Alert, createTheme, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app';

// Shade 8 keeps white text on the primary colour above WCAG AA contrast (4.5:1); shade 6 does not.
// Alert titles in the text colour: Mantine's tinted titles (yellow, green) fall below 4.5:1 on their own background.
const theme = createTheme({
  primaryShade: 8,
  components: { Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-black)' } } }) },
});
// Dimmed text one shade darker than Mantine's, for the same reason.
const variables = () => ({ variables: {}, light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' }, dark: {} });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={variables}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);
