/**
 * The task pane's entry: the only file that calls Office.onReady (docs/ARCHITECTURE.md). A fake host injected by the
 * end-to-end test takes the place of Office.
 */
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { injectedHost, officeHost } from "./host";

function mount(host: ReturnType<typeof officeHost>): void {
  const root = document.getElementById("root");
  if (root) createRoot(root).render(<App host={host} />);
}

const fake = injectedHost();
if (fake) mount(fake);
else Office.onReady(() => mount(officeHost()));
