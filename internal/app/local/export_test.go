package local

// AudioError is exported for the external tests.
var AudioError = audioError
