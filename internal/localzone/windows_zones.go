package localzone

// windowsZones maps Windows time zone names to IANA names as the Unicode
// CLDR's windowsZones.xml does for territory "001" (its default), for the
// zones of Japan, of the countries most foreign workers in Japan come
// from, and of the zones most computers are set to; zones whose default
// CLDR has changed between versions (E. Europe, Central Asia) are left
// out. A name not here gives "" (no zone recorded), never a wrong one.
var windowsZones = map[string]string{
	"Tokyo Standard Time":             "Asia/Tokyo",
	"Korea Standard Time":             "Asia/Seoul",
	"China Standard Time":             "Asia/Shanghai",
	"Taipei Standard Time":            "Asia/Taipei",
	"Singapore Standard Time":         "Asia/Singapore", // also the Philippines and Malaysia
	"SE Asia Standard Time":           "Asia/Bangkok",   // also Vietnam, Cambodia, Laos, western Indonesia
	"Myanmar Standard Time":           "Asia/Rangoon",
	"Nepal Standard Time":             "Asia/Katmandu",
	"India Standard Time":             "Asia/Calcutta",
	"Sri Lanka Standard Time":         "Asia/Colombo",
	"Bangladesh Standard Time":        "Asia/Dhaka",
	"Pakistan Standard Time":          "Asia/Karachi",
	"Ulaanbaatar Standard Time":       "Asia/Ulaanbaatar",
	"North Asia East Standard Time":   "Asia/Irkutsk",
	"West Asia Standard Time":         "Asia/Tashkent",
	"Arabian Standard Time":           "Asia/Dubai",
	"Arab Standard Time":              "Asia/Riyadh",
	"Arabic Standard Time":            "Asia/Baghdad",
	"Iran Standard Time":              "Asia/Tehran",
	"Egypt Standard Time":             "Africa/Cairo",
	"E. Africa Standard Time":         "Africa/Nairobi",
	"W. Central Africa Standard Time": "Africa/Lagos",
	"E. South America Standard Time":  "America/Sao_Paulo",
	"SA Pacific Standard Time":        "America/Bogota",
	"SA Western Standard Time":        "America/La_Paz",
	"Argentina Standard Time":         "America/Buenos_Aires",
	"Pacific SA Standard Time":        "America/Santiago",
	"Central America Standard Time":   "America/Guatemala",
	"Eastern Standard Time":           "America/New_York",
	"Central Standard Time":           "America/Chicago",
	"Mountain Standard Time":          "America/Denver",
	"Pacific Standard Time":           "America/Los_Angeles",
	"Hawaiian Standard Time":          "Pacific/Honolulu",
	"AUS Eastern Standard Time":       "Australia/Sydney",
	"New Zealand Standard Time":       "Pacific/Auckland",
	"GMT Standard Time":               "Europe/London",
	"Greenwich Standard Time":         "Atlantic/Reykjavik",
	"W. Europe Standard Time":         "Europe/Berlin",
	"Romance Standard Time":           "Europe/Paris",
	"Central European Standard Time":  "Europe/Warsaw",
	"FLE Standard Time":               "Europe/Kiev",
	"Turkey Standard Time":            "Europe/Istanbul",
	"Russian Standard Time":           "Europe/Moscow",
	"UTC":                             "Etc/UTC",
}
