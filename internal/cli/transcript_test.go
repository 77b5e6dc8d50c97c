package cli

import "testing"

func TestParseTranscriptLines(t *testing.T) {
	us, err := parseTranscriptLines([]byte("# 反訳\n00:01.2-00:04.8 A: お前なんか要らない\n\n00:05-00:06 （沈黙）\n1:00:00-1:00:02 B:はい\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(us) != 3 || us[0].Speaker != "A" || us[0].StartMS != 1200 || us[0].EndMS != 4800 || us[0].Text != "お前なんか要らない" ||
		us[1].Speaker != "" || us[1].Text != "（沈黙）" || us[2].StartMS != 3_600_000 || us[2].Speaker != "B" || us[2].Text != "はい" {
		t.Fatalf("%+v", us)
	}
	if _, err := parseTranscriptLines([]byte("00:01 missing end\n")); err == nil {
		t.Fatal("a line without END accepted")
	}
}
