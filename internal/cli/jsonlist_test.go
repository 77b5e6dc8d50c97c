package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// writeJSONList is writeJSON's array, one element per line, in order,
// whatever the length and however it is split across cores.
func TestWriteJSONList(t *testing.T) {
	type item struct {
		ID   int    `json:"id"`
		Text string `json:"text"`
	}
	for _, n := range []int{0, 1, 2, 255, 256, 257, 1000, 4099} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			items := make([]item, n)
			for i := range items {
				items[i] = item{i, fmt.Sprintf("「怒鳴られた」 <&> %d\n", i)}
			}
			var got, want bytes.Buffer
			if err := writeJSONList(&got, items); err != nil {
				t.Fatal(err)
			}
			if err := writeJSON(&want, items); err != nil {
				t.Fatal(err)
			}
			var g, w bytes.Buffer
			if err := json.Compact(&g, got.Bytes()); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, got.String())
			}
			json.Compact(&w, want.Bytes())
			if g.String() != w.String() {
				t.Fatalf("differs from writeJSON:\n%s\n%s", g.String(), w.String())
			}
			if lines := strings.Count(got.String(), "\n"); n > 0 && lines != n+2 {
				t.Errorf("%d lines for %d items, want one per item plus the brackets", lines, n)
			}
			if strings.Contains(got.String(), `\u003c`) {
				t.Error("HTML-escaped text: the words must stay as written")
			}
		})
	}
}
