package ui

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func (s *fakeStore) attachments() []app.AttachmentInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []app.AttachmentInfo
	for _, a := range s.atts {
		out = append(out, a.info)
	}
	return out
}

// "Attach file..." imports on a goroutine with a progress bar naming the
// file; then the entry lists it with its size, type and hash.
func TestAttachFileToSelectedEntry(t *testing.T) {
	v, st := vaultWith("MARKER-old", "MARKER-meeting")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0) // newest: "MARKER-meeting", id 2
	h.settle()
	if !h.hasText(i18n.T("ui.att.none")) || h.button(i18n.T("ui.att.attach")) == nil {
		t.Fatalf("no empty attachments section; texts %q", h.texts())
	}

	gate := make(chan struct{})
	st.mu.Lock()
	st.importGate = gate
	st.mu.Unlock()
	path := writeFile(t, "memo.txt", []byte("hello world"))
	h.a.ImportFile(path, m.selected) // what the file dialog's callback calls
	if !h.hasText(i18n.T("ui.att.importing", "memo.txt")) {
		t.Errorf("no progress text while importing; texts %q", h.texts())
	}
	if count[*widget.ProgressBar](h.w.Canvas().Content()) == 0 {
		t.Error("no progress bar while importing")
	}
	// The fake reports half the file, then waits at the gate.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		for _, f := range h.queue.drain() {
			f()
		}
		if j := h.a.imports; len(j) == 1 && j[0].bar != nil && j[0].bar.Value == 5.0/11 {
			break
		}
	}
	if j := h.a.imports; len(j) != 1 || j[0].bar == nil || j[0].bar.Value != 5.0/11 {
		t.Errorf("progress bar not at the half the fake reported: %+v", j)
	}
	close(gate)
	h.settle()

	atts := st.attachments()
	if len(atts) != 1 || atts[0].EntryID != 2 || atts[0].Name != "memo.txt" {
		t.Fatalf("attachments %+v, want memo.txt on entry 2", atts)
	}
	if h.hasText(i18n.T("ui.att.importing", "memo.txt")) {
		t.Error("progress still shown after the import")
	}
	meta := i18n.T("ui.att.row_meta", "11 B", atts[0].MediaType, atts[0].SHA256[:16])
	if !h.hasText("memo.txt") || !h.hasText(meta) || h.hasText(i18n.T("ui.att.none")) {
		t.Errorf("attachment not listed as %q; texts %q", meta, h.texts())
	}

	// The other entry has none.
	h.a.cur.(*mainScreen).list.Select(1)
	h.settle()
	if h.hasText("memo.txt") || !h.hasText(i18n.T("ui.att.none")) {
		t.Errorf("entry 1 shows entry 2's file; texts %q", h.texts())
	}
}

// A file that cannot be read says why, in the user's language.
func TestAttachMissingFile(t *testing.T) {
	v, st := vaultWith("MARKER-meeting")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.settle()
	h.a.ImportFile(filepath.Join(t.TempDir(), "gone.pdf"), m.selected)
	h.settle()
	if want := i18n.T("ui.att.failed", "gone.pdf", i18n.T("ui.err.no_file")); !h.hasText(want) {
		t.Errorf("no %q; texts %q", want, h.texts())
	}
	if n := len(st.attachments()); n != 0 {
		t.Errorf("%d attachments after a failed import", n)
	}
}

// Dropping files on the window imports them into the selected entry; with
// none selected, the app says to select one.
func TestDropFiles(t *testing.T) {
	v, st := vaultWith("MARKER-old", "MARKER-meeting")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	path := writeFile(t, "photo.txt", []byte("evidence"))
	uri := storage.NewFileURI(path)

	h.a.filesDropped([]fyne.URI{uri})
	h.settle()
	if !h.hasText(i18n.T("ui.att.drop_select")) {
		t.Errorf("no hint to select an entry; texts %q", h.texts())
	}
	if n := len(st.attachments()); n != 0 {
		t.Fatalf("%d attachments imported with no entry selected", n)
	}

	m.list.Select(1) // "MARKER-old", id 1
	h.settle()
	web, _ := storage.ParseURI("https://example.com/x.png")
	h.a.filesDropped([]fyne.URI{uri, web})
	h.settle()
	atts := st.attachments()
	if len(atts) != 1 || atts[0].EntryID != 1 || atts[0].Name != "photo.txt" {
		t.Fatalf("attachments %+v, want photo.txt on entry 1", atts)
	}
	if !h.hasText("photo.txt") {
		t.Errorf("dropped file not listed; texts %q", h.texts())
	}
}

// A small PNG is previewed as an image; other files are not.
func TestImagePreview(t *testing.T) {
	v, st := vaultWith("MARKER-meeting")
	h := newHarness(t, v, Options{VaultPath: testPath})
	m := h.unlock()
	m.list.Select(0)
	h.settle()
	h.a.ImportFile(writeFile(t, "notes.txt", []byte("not an image")), m.selected)
	h.settle()
	previews := func() []*canvas.Image {
		var imgs []*canvas.Image
		walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) {
			if im, ok := o.(*canvas.Image); ok && im.Resource != nil && strings.HasPrefix(im.Resource.Name(), "attachment-") {
				imgs = append(imgs, im)
			}
		})
		return imgs
	}
	if n := len(previews()); n != 0 {
		t.Fatalf("%d previews for a text file", n)
	}

	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	h.a.ImportFile(writeFile(t, "shot.png", buf.Bytes()), m.selected)
	h.settle()
	if atts := st.attachments(); len(atts) != 2 || atts[1].MediaType != "image/png" {
		t.Fatalf("attachments %+v", atts)
	}
	imgs := previews()
	if len(imgs) != 1 {
		t.Fatalf("%d image widgets, want 1 preview", len(imgs))
	}
	im := imgs[0]
	if im.FillMode != canvas.ImageFillContain || im.Resource == nil || !bytes.Equal(im.Resource.Content(), buf.Bytes()) {
		t.Errorf("preview: fill %v, resource %v", im.FillMode, im.Resource)
	}
}
