package desktop

// AudioError is exported for the external tests.
var AudioError = audioError
