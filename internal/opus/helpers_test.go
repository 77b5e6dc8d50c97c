package opus_test

import (
	"encoding/hex"
	"io"
)

var errEOF = io.EOF

func hexs(b []byte) string { return hex.EncodeToString(b) }
