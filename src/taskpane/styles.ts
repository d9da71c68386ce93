/** Layout shared by the pane's sections. */
export const section = { padding: "12px 16px", borderBottom: "1px solid #e0e0e0", display: "flex", flexDirection: "column" as const, gap: 8 };

/** Read by screen readers, not shown. */
export const visuallyHidden = { position: "absolute" as const, width: 1, height: 1, margin: -1, padding: 0, overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" as const, border: 0 };
