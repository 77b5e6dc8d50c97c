package i18n

// The words for what a consultation sheet asks (record.Fields: Recurrence,
// Since, Consultations[].With, Wants), one place for the app, kirokuctl
// and the report.

// KeyOr translates prefix+id in lang when the catalog has it (an id
// Kiroku knows), else returns id as it is.
func (c *Catalog) KeyOr(lang, prefix, id string) string {
	if id != "" && c.Has(lang, prefix+id) {
		return c.T(lang, prefix+id)
	}
	return id
}

// SheetPattern says whether something happened once or repeatedly and
// since when ("Repeated, since 2026-04" / "繰り返し（2026-04から）"); since
// is written as given (a date in the caller's form). A since without a
// recurrence reads as repeated. "" when neither is said.
func (c *Catalog) SheetPattern(lang, recurrence, since string) string {
	if since == "" {
		return c.KeyOr(lang, "sheet.recurrence.", recurrence)
	}
	if recurrence == "" {
		recurrence = "repeated"
	}
	return c.T(lang, "sheet.pattern.since", c.KeyOr(lang, "sheet.recurrence.", recurrence), since)
}
