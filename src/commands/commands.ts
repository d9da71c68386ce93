/**
 * The ribbon's function file (manifest FunctionFile). The only ribbon button opens the task pane (ShowTaskpane),
 * which needs no code; Office still requires the page and Office.onReady to load it.
 */
Office.onReady(() => undefined);
