package bundle

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/kiroku-app/kiroku/internal/ledger"
)

// ChainFormat is the value of Chain.Format.
const ChainFormat = "kiroku-ledger/1"

// Chain is data/ledger/chain.json.
type Chain struct {
	Format  string      `json:"format"`   // ChainFormat
	VaultID string      `json:"vault_id"` // hex
	Genesis ledger.Hash `json:"genesis"`
	Head    ChainHead   `json:"head"`
}

// ChainHead is the last link of the chain (seq 0 and the genesis for an
// empty ledger).
type ChainHead struct {
	Seq  uint64      `json:"seq"`
	Link ledger.Hash `json:"link"`
}

// ParseChain reads chain.json strictly and returns it with the decoded
// vault id.
func ParseChain(b []byte) (Chain, []byte, error) {
	var c Chain
	if err := decodeStrict(b, &c); err != nil {
		return Chain{}, nil, fmt.Errorf("chain.json: %w", err)
	}
	if c.Format != ChainFormat {
		return Chain{}, nil, fmt.Errorf("chain.json: format %q is not %q", c.Format, ChainFormat)
	}
	id, err := hex.DecodeString(c.VaultID)
	if err != nil || len(id) == 0 {
		return Chain{}, nil, fmt.Errorf("chain.json: vault_id %q is not hex", c.VaultID)
	}
	return c, id, nil
}

// decodeStrict decodes exactly one JSON value with no unknown fields.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data")
	}
	return nil
}

// ParseLinks reads links.jsonl: one ledger.Link as JSON per line (LF, the
// last line ending in LF). Lines that cannot be read are returned as errors;
// the others are returned in order.
func ParseLinks(b []byte) ([]ledger.Link, []LineError) {
	var links []ledger.Link
	var bad []LineError
	for i, l := range splitLines(b) {
		var link ledger.Link
		if err := decodeStrict([]byte(l), &link); err != nil {
			bad = append(bad, LineError{i + 1, err.Error()})
			continue
		}
		links = append(links, link)
	}
	return links, bad
}

// FormatLinks writes links as links.jsonl.
func FormatLinks(links []ledger.Link) ([]byte, error) {
	var b bytes.Buffer
	for _, l := range links {
		j, err := json.Marshal(l)
		if err != nil {
			return nil, fmt.Errorf("links.jsonl: %w", err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// ParseHead reads a Kiroku-Ledger-Head value, "<seq> <64 hex>".
func ParseHead(s string) (ChainHead, error) {
	a, b, ok := strings.Cut(s, " ")
	if !ok {
		return ChainHead{}, fmt.Errorf("ledger head %q is not \"<seq> <link>\"", s)
	}
	seq, err := strconv.ParseUint(a, 10, 64)
	if err != nil {
		return ChainHead{}, fmt.Errorf("ledger head %q: %w", s, err)
	}
	h, err := ledger.ParseHash(b)
	if err != nil {
		return ChainHead{}, fmt.Errorf("ledger head %q: %w", s, err)
	}
	return ChainHead{Seq: seq, Link: h}, nil
}

// checkChain is step 2: recompute every link from the genesis and compare
// the last with the head.
func (v *verifier) checkChain() {
	r := v.r
	b, ok := v.data(chainJSON)
	if !ok {
		if _, present := v.files[chainJSON]; !present {
			r.problem("chain.missing", chainJSON, "")
		}
		return
	}
	c, id, err := ParseChain(b)
	if err != nil {
		r.problem("chain.invalid", chainJSON, err.Error())
		return
	}
	v.vaultID = id
	r.Chain.VaultID = c.VaultID
	r.Chain.HeadSeq = c.Head.Seq
	r.Chain.HeadLink = c.Head.Link.String()
	genesis := ledger.Genesis(id)
	if c.Genesis != genesis {
		r.problem("chain.genesis", chainJSON, fmt.Sprintf("genesis %s, computed %s", c.Genesis, genesis))
	}
	lb, ok := v.data(linksJSONL)
	if !ok {
		if _, present := v.files[linksJSONL]; !present {
			r.problem("chain.missing", linksJSONL, "")
		}
		return
	}
	links, bad := ParseLinks(lb)
	for _, e := range bad {
		r.problem("chain.line", linksJSONL, e.Error())
	}
	v.chainOK = true
	r.Chain.Checked = true
	r.Chain.Links = len(links)
	v.linkList = links
	v.links = make(map[string]int, len(links))
	for i, l := range links {
		if j, dup := v.links[l.Ref]; dup {
			r.problem("chain.duplicate_ref", linksJSONL, fmt.Sprintf("%s at seq %d and %d", l.Ref, links[j].Seq, l.Seq))
			continue
		}
		v.links[l.Ref] = i
	}
	_, breaks := ledger.Verify(id, links)
	for _, br := range breaks {
		r.Chain.Breaks = append(r.Chain.Breaks, ChainBreak{Seq: br.Seq, Reason: br.Reason})
		r.problem("chain.break", linksJSONL, br.Error())
	}
	// The true recomputation, never resuming from a stored hash: anchors and
	// the head are compared with it.
	prev := genesis
	v.recomputed = make([][32]byte, len(links))
	for i, l := range links {
		prev = ledger.Next(prev, uint64(i+1), l.Kind, l.Ref, l.RecordHash)
		v.recomputed[i] = prev
	}
	headOK := c.Head.Seq == uint64(len(links)) && c.Head.Link == prev
	if !headOK {
		r.problem("chain.head", chainJSON, fmt.Sprintf("head %d %s, recomputed %d %s", c.Head.Seq, c.Head.Link, len(links), ledger.Hash(prev)))
	}
	r.Chain.OK = headOK && len(breaks) == 0 && len(bad) == 0 && c.Genesis == genesis

	// bag-info.txt names the same vault and head.
	if s, n := fieldValue(v.bagInfo, "Kiroku-Vault-ID"); n == 0 || !strings.EqualFold(s, c.VaultID) {
		r.problem("baginfo.vault", bagInfoTxt, fmt.Sprintf("Kiroku-Vault-ID %q, chain.json %s", s, c.VaultID))
	}
	s, _ := fieldValue(v.bagInfo, "Kiroku-Ledger-Head")
	if h, err := ParseHead(s); err != nil || h != c.Head {
		r.problem("baginfo.head", bagInfoTxt, fmt.Sprintf("Kiroku-Ledger-Head %q, chain.json %d %s", s, c.Head.Seq, c.Head.Link))
	}
}
