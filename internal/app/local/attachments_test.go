package local_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/app/local"
	"github.com/kiroku-app/kiroku/internal/record"
	"github.com/kiroku-app/kiroku/internal/seal"
)

// A PNG imported through the adapter is listed under its entry only, and
// AttachmentBytes gives back exactly its bytes, within the limit only.
func TestImportIntoRealVault(t *testing.T) {
	seal.TestUseLowCostKDF(t)
	dir := t.TempDir()
	st, _, err := local.Vaults{KDF: seal.LowCost}.Create(filepath.Join(dir, "diary.kiroku"), []byte("violet harbour pencil thunder"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ev := time.Now().Add(-time.Hour)
	e1, err := st.Add(record.Fields{EventTime: ev, Text: "first"})
	if err != nil {
		t.Fatal(err)
	}
	e2, err := st.Add(record.Fields{EventTime: ev, Text: "second"})
	if err != nil {
		t.Fatal(err)
	}

	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	want := buf.Bytes()
	path := filepath.Join(dir, "screenshot.png")
	if err := os.WriteFile(path, want, 0o600); err != nil {
		t.Fatal(err)
	}

	info, err := st.Import(context.Background(), path, e2.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(want)
	if info.Name != "screenshot.png" || info.Size != int64(len(want)) || info.EntryID != e2.ID ||
		info.MediaType != "image/png" || info.SHA256 != hex.EncodeToString(sum[:]) || info.ID == 0 {
		t.Errorf("Import = %+v", info)
	}

	list, err := st.Attachments(e2.ID)
	same := func(a, b app.AttachmentInfo) bool {
		ok := a.ImportedAt.Equal(b.ImportedAt)
		a.ImportedAt, b.ImportedAt = time.Time{}, time.Time{}
		return ok && a == b
	}
	if err != nil || len(list) != 1 || !same(list[0], info) {
		t.Errorf("Attachments(%d) = %+v, %v; want [%+v]", e2.ID, list, err, info)
	}
	if list, err := st.Attachments(e1.ID); err != nil || len(list) != 0 {
		t.Errorf("Attachments(%d) = %+v, %v; want none", e1.ID, list, err)
	}

	got, err := st.AttachmentBytes(info.ID, 10<<20)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("AttachmentBytes = %d bytes, %v; want the %d bytes imported", len(got), err, len(want))
	}
	if _, err := st.AttachmentBytes(info.ID, int64(len(want))-1); !errors.Is(err, app.ErrTooLarge) {
		t.Errorf("AttachmentBytes below the size: err %v, want ErrTooLarge", err)
	}

	if _, err := st.Import(context.Background(), filepath.Join(dir, "gone.png"), e1.ID, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Import of a missing file: err %v, want fs.ErrNotExist", err)
	}
}
