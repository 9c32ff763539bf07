/*
 * The live session's own chunk: Yjs, the y-websocket provider and the co-edited text fields. Loaded by
 * useCollabSession once the page shows the entry's text (with the editor's chunk): until then the workspace
 * draws the same boxes with what the REST API knew, so a phone's first paint does not wait for Yjs.
 */
export { CollabSession } from './collab-session';
export { CollabTextField } from './collab-text-field';
