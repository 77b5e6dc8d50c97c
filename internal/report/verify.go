package report

import (
	"fmt"
	"strings"
)

// The commands of the "how to verify" page. They are the same in every
// language; the explanations around them are translated.
const (
	cmdSHA256Sum = "sha256sum -c manifest-sha256.txt\nsha256sum -c tagmanifest-sha256.txt"
	cmdShasum    = "shasum -a 256 -c manifest-sha256.txt\nshasum -a 256 -c tagmanifest-sha256.txt"
	cmdGetHash   = "Get-FileHash -Algorithm SHA256 data\\report.pdf"
	cmdCertutil  = "certutil -hashfile data\\report.pdf SHA256"
	cmdTSFormat  = "openssl ts -verify -data data/ledger/anchors/%[1]s.txt -in data/ledger/anchors/%[1]s.tsr -CAfile TSA.pem"
	cmdKiroku    = "kiroku-verify BUNDLE\nkirokuctl verify BUNDLE"
)

func (r *renderer) verify() {
	r.heading(0, r.tr("report.verify.title"))
	r.setFont(famG, sizeBody)
	r.explain("report.verify.intro")

	r.heading(2, r.tr("report.verify.linux"))
	r.explain("report.verify.linux.text")
	r.code(cmdSHA256Sum)

	r.heading(2, r.tr("report.verify.mac"))
	r.explain("report.verify.mac.text")
	r.code(cmdShasum)

	r.heading(2, r.tr("report.verify.windows"))
	r.explain("report.verify.windows.text")
	r.code(cmdGetHash)
	r.code(cmdCertutil)

	r.heading(2, r.tr("report.verify.chain"))
	r.explain("report.verify.chain.text")
	head := r.d.HeadLink
	if !plainASCII(head) {
		head = r.cleanLine(head)
	}
	r.code(fmt.Sprintf("seq  %d\nlink %s", r.d.HeadSeq, head))

	r.heading(2, r.tr("report.verify.anchors"))
	r.explain("report.verify.anchors.text")
	if len(r.d.Anchors) == 0 {
		r.code(fmt.Sprintf(cmdTSFormat, "SEQ"))
		r.explain("report.verify.anchors.none")
	}
	for _, a := range r.d.Anchors {
		r.code(fmt.Sprintf(cmdTSFormat, fmt.Sprint(a.Seq)))
	}

	r.heading(2, r.tr("report.verify.kiroku"))
	r.explain("report.verify.kiroku.text")
	r.code(cmdKiroku)
}

// explain writes the paragraphs of key, one per language.
func (r *renderer) explain(key string) {
	r.setFont(famG, sizeBody)
	for _, s := range r.paras(key) {
		r.para(marginL, contentW, lineBody, s)
		r.gap(1)
	}
}

// code writes a command in a shaded box.
func (r *renderer) code(cmd string) {
	fam := famM
	if !plainASCII(strings.ReplaceAll(cmd, "\n", " ")) {
		fam = famG
	}
	r.setFont(fam, 8.5)
	r.block(marginL+4, contentW-4, 4.6, cmd, colCode, &colRule)
	r.setFont(famG, sizeBody)
	r.gap(2)
}
