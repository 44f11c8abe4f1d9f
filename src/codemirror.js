// The scenario editor: CodeMirror 6 from the npm registry, bundled by scripts/bundle-editor.sh
// into codemirror.js (an IIFE) that the page loads before the app. The Rust side
// (src/editor.rs) calls window.jobsimEditor; without it the page falls back to a <textarea>.
// Only what the editor needs is composed here (not the `codemirror` meta package's basicSetup):
// line numbers, YAML highlighting, undo/redo, search, bracket matching, the lint gutter.
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput } from '@codemirror/language';
import { search, searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics } from '@codemirror/lint';

window.jobsimEditor = {
  // A new editor in `parent` holding `text`; `onChange(text)` hears every edit.
  create(parent, text, label, onChange) {
    return new EditorView({
      parent,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          drawSelection(),
          history(),
          indentOnInput(),
          bracketMatching(),
          highlightSelectionMatches(),
          search({ top: true }),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap]),
          EditorState.tabSize.of(2),
          yaml(),
          lintGutter(),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
  },
  // Marks each {line, message} as an error on its whole line (lines count from 1).
  setDiagnostics(view, list) {
    const doc = view.state.doc;
    const diagnostics = list.map(({ line, message }) => {
      const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
      return { from: l.from, to: l.to, severity: 'error', message };
    });
    view.dispatch(setDiagnostics(view.state, diagnostics));
  },
  // Replaces the whole text (a lesson, a file, a link): one undoable change, so Ctrl+Z brings
  // the previous text back.
  setText(view, text) {
    if (view.state.doc.toString() !== text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    }
  },
  destroy(view) {
    view.destroy();
  },
};
