package kiroku

import "testing"

func TestMetadata(t *testing.T) {
	m, err := Metadata()
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "app.kiroku.Kiroku" || m.Name != "Kiroku" || !m.Migrations["fyneDo"] || m.Icon == nil {
		t.Fatalf("metadata %+v", m)
	}
}
