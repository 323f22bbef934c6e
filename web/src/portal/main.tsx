/** Entry of the staff portal bundle. */
import './portal.css';
import { render } from 'preact';
import { App } from './App.js';

const root = document.getElementById('app');
if (root) {
  // Replace the pre-rendered "loading" placeholder with the live app.
  root.replaceChildren();
  render(<App />, root);
}
