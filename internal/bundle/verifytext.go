package bundle

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/kiroku-app/kiroku/internal/i18n"
)

// Commands quoted in VERIFY.txt. They are the same in every language.
const (
	cmdLinuxPayload = "sha256sum -c manifest-sha256.txt"
	cmdLinuxTags    = "sha256sum -c tagmanifest-sha256.txt"
	cmdMacPayload   = "shasum -a 256 -c manifest-sha256.txt"
	cmdMacTags      = "shasum -a 256 -c tagmanifest-sha256.txt"
	// Windows PowerShell 5.1 reads files as ANSI unless told otherwise.
	cmdPowerShell = `Get-Content -Encoding UTF8 manifest-sha256.txt | ForEach-Object { $h, $p = $_ -split '  ', 2; $a = (Get-FileHash -Algorithm SHA256 -LiteralPath $p).Hash.ToLower(); if ($a -eq $h) { "OK  $p" } else { "NG  $p" } }`
	cmdCertutil   = `certutil -hashfile data\report.pdf SHA256`
	// The verifier's source is the module's; go builds it from there.
	cmdGetVerifier = "go install github.com/kiroku-app/kiroku/cmd/kiroku-verify@latest"
)

// VerifyText returns the text of VERIFY.txt for a bag named bagName (the
// folder or zip name the recipient sees): Japanese, then English, with the
// exact commands that check the bag with standard tools on Linux, macOS and
// Windows, the openssl command for each anchor in anchorSeqs, and Kiroku's
// own verifier. It names the vault and the ledger head of info so that a
// reader can compare them with what the person who exported the bag said,
// and the records left out because they were damaged in the vault.
func VerifyText(bagName string, info BagInfo, anchorSeqs []uint64, damaged ...string) []byte {
	var b bytes.Buffer
	for i, lang := range []string{"ja", "en"} {
		if i > 0 {
			b.WriteString("\n" + strings.Repeat("=", 72) + "\n\n")
		}
		writeVerifyText(&b, lang, bagName, info, anchorSeqs, damaged)
	}
	return b.Bytes()
}

func writeVerifyText(b *bytes.Buffer, lang, bagName string, info BagInfo, anchorSeqs []uint64, damaged []string) {
	c := i18n.Default()
	t := func(key string, args ...any) string { return c.T(lang, key, args...) }
	para := func(s string) { b.WriteString(s); b.WriteString("\n\n") }
	cmd := func(lines ...string) {
		for _, l := range lines {
			b.WriteString("    " + l + "\n")
		}
		b.WriteString("\n")
	}
	title := t("verify.text.title")
	b.WriteString(title + "\n" + strings.Repeat("-", textWidth(title)) + "\n\n")
	para(t("verify.text.intro", bagName))
	para(t("verify.text.proves"))
	para(t("verify.text.authoritative"))
	para(t("verify.text.derived"))
	para(t("verify.text.head", hex.EncodeToString(info.VaultID), info.HeadSeq, info.HeadLink.String()))
	if len(damaged) > 0 {
		para(t("verify.text.damaged", len(damaged), strings.Join(damaged, ", ")))
	}
	para(t("verify.text.cd"))

	b.WriteString("1. " + t("verify.text.linux") + "\n\n")
	cmd(cmdLinuxPayload, cmdLinuxTags)
	b.WriteString("2. " + t("verify.text.macos") + "\n\n")
	cmd(cmdMacPayload, cmdMacTags)
	b.WriteString("3. " + t("verify.text.powershell") + "\n\n")
	cmd(cmdPowerShell)
	b.WriteString("4. " + t("verify.text.certutil") + "\n\n")
	cmd(cmdCertutil)
	b.WriteString("5. " + t("verify.text.anchors") + "\n\n")
	if len(anchorSeqs) == 0 {
		b.WriteString("    " + t("verify.text.no_anchors") + "\n\n")
	} else {
		var lines []string
		for _, seq := range anchorSeqs {
			lines = append(lines, fmt.Sprintf("openssl ts -verify -data data/ledger/anchors/%d.txt -in data/ledger/anchors/%d.tsr -CAfile TSA.pem", seq, seq))
		}
		cmd(lines...)
		para(t("verify.text.anchors_trust"))
	}
	b.WriteString("6. " + t("verify.text.kiroku") + "\n\n")
	// In the bundle folder, as the commands above: "." is the bundle.
	cmd("kiroku-verify .", "kirokuctl verify .", "kiroku-verify --tsa-ca TSA.pem .")
	name := bagName
	if name == "" || strings.ContainsAny(name, " \t'\"") {
		name = fmt.Sprintf("%q", name)
	}
	para(t("verify.text.kiroku_outside"))
	cmd("kiroku-verify " + name)
	para(t("verify.text.kiroku_checks"))
	para(t("verify.text.kiroku_get"))
	cmd(cmdGetVerifier)
}
