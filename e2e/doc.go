// Package e2e holds the end-to-end tests of the real binaries. They build
// cmd/kiroku and cmd/kirokuctl and drive them as a person or a script would;
// run them with: go test -tags e2e ./e2e/ (make test does).
package e2e
