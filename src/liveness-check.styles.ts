import { css } from 'lit';

export const livenessCheckStyles = css`
  :host {
    --liveness-accent: #2457d6;
    /* The accent where it is text or a line on the surface (links, Cancel, icons, focus ring); a dark theme sets a
       lighter one than the buttons' background so both keep 4.5:1. */
    --liveness-accent-text: var(--liveness-accent);
    --liveness-success: #137a3a;
    --liveness-danger: #b3261e;
    --liveness-surface: #ffffff;
    --liveness-text: #1b1b1f;
    --liveness-muted-text: #4a4a52;
    --liveness-radius: 16px;
    --liveness-max-width: 480px;
    --liveness-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --liveness-guide-color: rgba(255, 255, 255, 0.9);
    --liveness-scrim: rgba(0, 0, 0, 0.45);
    --liveness-lamp: #ffffff;
    /* The instruction's band over the preview. */
    --liveness-hint-background: rgba(17, 17, 17, 0.78);
    --liveness-hint-color: #ffffff;
    /* The hold's progress around the oval: apart from the guide's green so it shows filling up over it. */
    --liveness-progress-color: #ffb300;

    display: block;
    /* Never taller than the viewport: the 3:4 stage and the actions under it (about 4.5rem) fit in 100dvh, so the
       whole oval is in view on a laptop or a landscape phone once the element is. */
    max-width: min(var(--liveness-max-width), calc((100dvh - 4.5rem) * 3 / 4));
    font-family: var(--liveness-font);
    color: var(--liveness-text);
    /* No background of its own: under the dark stage it would show as grey arcs where the rounded corners are
       smoothed. The screens and the status row carry the surface. */
    border-radius: var(--liveness-radius);
    overflow: hidden;
    contain: content;
  }
  :host([hidden]) {
    display: none;
  }
  /* A grid of one cell: a screen is in the flow, so a long text (Tamil at 320 px) grows the stage instead of being
     clipped by it; the preview and the guide fill whatever size it has. */
  .stage {
    position: relative;
    display: grid;
    aspect-ratio: 3 / 4;
    background: #111;
  }
  video {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: cover;
    /* A mirror is what people expect of a selfie preview; the captured frame is never mirrored. */
    transform: scaleX(-1);
  }
  .overlay {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
  }
  .overlay .scrim {
    fill: var(--liveness-scrim);
  }
  /* The screen as a lamp: a white surround lights the face in a dark room. */
  .overlay .scrim.lamp {
    fill: var(--liveness-lamp);
  }
  .overlay .guide {
    fill: none;
    stroke: var(--liveness-guide-color);
    stroke-width: 3;
    stroke-dasharray: 8 6;
    transition: stroke 200ms ease;
  }
  .overlay .progress {
    fill: none;
    stroke: var(--liveness-progress-color);
    stroke-width: 6;
    stroke-linecap: round;
    transition: stroke-dashoffset 120ms linear;
  }
  /* White on the lamp's white would hide the guide: it turns the text colour there. */
  .overlay .scrim.lamp ~ .guide {
    stroke: var(--liveness-text);
  }
  :host([data-state='holding']) .overlay .guide,
  :host([data-state='capturing']) .overlay .guide {
    stroke: var(--liveness-success);
    stroke-dasharray: none;
  }
  .screen {
    grid-area: 1 / 1;
    display: grid;
    place-content: center;
    gap: 12px;
    padding: 24px;
    text-align: center;
    background: var(--liveness-surface);
  }
  .outcome {
    font-size: 1.125rem;
    font-weight: 600;
    margin: 0;
  }
  .outcome.confirmed {
    color: var(--liveness-success);
  }
  .outcome.failed,
  .outcome.error {
    color: var(--liveness-danger);
  }
  /* The pictures: line drawings in the colour of what they say. */
  .screen svg {
    justify-self: center;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.75;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .illustration {
    width: 96px;
    height: 96px;
    color: var(--liveness-accent-text);
  }
  .illustration .frame-box,
  .illustration .frame-oval {
    stroke: var(--liveness-muted-text);
    stroke-dasharray: 4 4;
  }
  .screen > svg.icon,
  .screen slot > svg.icon {
    width: 48px;
    height: 48px;
    color: var(--liveness-danger);
  }
  .screen svg.icon.confirmed {
    color: var(--liveness-success);
  }
  .screen svg.icon.sandbox {
    color: var(--liveness-muted-text);
  }
  .icon.confirmed .draw {
    stroke-dasharray: 1;
    stroke-dashoffset: 1;
    animation: draw 450ms ease-out 150ms forwards;
  }
  @keyframes draw {
    to {
      stroke-dashoffset: 0;
    }
  }
  .outcome.sandbox {
    color: var(--liveness-text);
  }
  .tips {
    display: grid;
    gap: 8px;
    margin: 0;
    padding: 0;
    list-style: none;
    text-align: start;
    font-size: 0.9375rem;
  }
  .tips li {
    display: flex;
    align-items: center;
    gap: 10px;
  }
  .tips svg.icon {
    flex: none;
    width: 24px;
    height: 24px;
    color: var(--liveness-accent-text);
  }
  .title {
    margin: 0;
    font-size: 1.125rem;
    font-weight: 600;
  }
  .note {
    margin: 0;
    font-size: 0.875rem;
    color: var(--liveness-muted-text);
  }
  .status {
    display: flex;
    flex-direction: column;
    gap: 4px;
    padding: 12px 16px 16px;
    background: var(--liveness-surface);
  }
  /* Over the top of the preview, above the oval: the instruction is in view whenever the face is. Light on a dark
     band, legible over any picture and over the lamp's white. */
  .hint {
    position: absolute;
    top: 12px;
    inset-inline: 12px;
    margin: 0;
    padding: 8px 12px;
    border-radius: 12px;
    background: var(--liveness-hint-background);
    color: var(--liveness-hint-color);
    font-size: 1.0625rem;
    font-weight: 600;
    text-align: center;
  }
  .hint.quiet {
    padding: 0;
    background: none;
  }
  .tip {
    display: block;
    margin-top: 4px;
    font-size: 0.9375rem;
    font-weight: 400;
  }
  .consent {
    display: grid;
    gap: 8px;
    max-width: 36em;
    text-align: start;
    font-size: 0.875rem;
  }
  .consent-text p {
    margin: 0 0 4px;
  }
  .consent-text a {
    color: var(--liveness-accent-text);
  }
  .consent-agree {
    display: flex;
    align-items: center;
    gap: 10px;
    min-height: 44px;
    font-weight: 600;
    cursor: pointer;
  }
  .consent-agree input {
    width: 22px;
    height: 22px;
    margin: 0;
    flex: none;
    accent-color: var(--liveness-accent);
  }
  .way-out {
    margin: 0;
    font-size: 0.875rem;
    color: var(--liveness-muted-text);
  }
  .outcome:focus {
    outline: none;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .rotate {
    display: none;
    margin: 0;
    font-size: 0.875rem;
    color: var(--liveness-muted-text);
  }
  @media (orientation: landscape) and (max-height: 500px) {
    .rotate {
      display: block;
    }
  }
  button {
    font: inherit;
    font-weight: 600;
    min-height: 44px;
    padding: 10px 20px;
    border: 0;
    border-radius: 999px;
    background: var(--liveness-accent);
    color: #fff;
    cursor: pointer;
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  button.secondary {
    align-self: flex-start;
    background: transparent;
    color: var(--liveness-accent-text);
    box-shadow: inset 0 0 0 2px var(--liveness-accent-text);
  }
  button:focus-visible,
  .consent-agree input:focus-visible {
    outline: 3px solid var(--liveness-accent-text);
    outline-offset: 3px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    .overlay .guide,
    .overlay .progress {
      transition: none;
    }
    .icon.confirmed .draw {
      animation: none;
      stroke-dashoffset: 0;
    }
  }
`;
