// Command kiroku-verify checks a Kiroku evidence bundle (a BagIt folder or
// .zip) without a vault and without cgo: `CGO_ENABLED=0 go build
// ./cmd/kiroku-verify` works on any machine with Go. See internal/bundle.
//
//	kiroku-verify [--json] [--tsa-ca FILE]... BUNDLE
//
// Exit codes (the same as kirokuctl verify's): 0 consistent and anchored
// (a trusted timestamp covers the head), 6 verification failed, 2 usage,
// 5 unreadable or not a bundle, 11 consistent but not anchored (anyone
// could have made an equally consistent bundle).
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/kiroku-app/kiroku/internal/bundle"
	"github.com/kiroku-app/kiroku/internal/i18n"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	code := bundle.VerifyMain(ctx, os.Args[1:], os.Stdout, os.Stderr, i18n.DetectFromEnv())
	stop()
	os.Exit(code)
}
