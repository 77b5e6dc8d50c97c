// Package hours is Kiroku's working-hours log and calculator: it reads a
// log of shifts (ParseCSV), works out the hours the law counts per day,
// week, month and year (Compute), and raises flags where the log reaches a
// statutory cap or a long-hours pattern of the Rousai (workers'
// compensation) criteria, each flag naming the rule of internal/rules that
// explains it. Pure Go: no vault, no cgo.
//
// # Three measures
//
// Japanese law counts long hours in three different ways, and each flag
// uses the one its source uses:
//
//   - Overtime (法定時間外労働, Totals.Overtime): first the hours beyond 8
//     in each day, then, of the remaining hours, those beyond 40 in the
//     week (Labor Standards Act art. 32). Work on a statutory day off is
//     not overtime; work on other days off is. The caps of 45 h a month,
//     360 h a year, 720 h a year and "more than 45 h in at most six months
//     a year" count this measure ("Explanations of Labor-Related Laws",
//     ch. 7 I(4), PDF p. 93).
//   - Overtime plus statutory holiday work (Totals.OvertimeAndHoliday): the
//     caps "less than 100 h in any month" and "80 h or less on average over
//     any 2, 3, 4, 5 or 6 months" count both together, special clause or
//     not (same page, including its note and its example of 44 h plus 56 h).
//   - Rousai overtime (Totals.RousaiOvertime): every hour beyond 40 in a
//     week, whatever the day type; the 2020 psychological-load evaluation
//     table says its "overtime" includes all holiday work (item 16, note).
//     It drives the Rousai flags: 80 h or more in a month (item 16), about
//     100 h in each of 3 consecutive months or about 120 h in each of 2
//     (item 16, examples of "strong"; constant hours of about 100 h a month
//     also strengthen other events, "matters common to the overall
//     assessment" 2), and more than about 160 h in a month (special events).
//     Item 17, two weeks (12 days) or more of work in a row, is flagged
//     from consecutive logged days.
//
// # Assumptions
//
// A shift belongs wholly to the date it started and takes that date's day
// type. Weekly overtime arises on the day the week passes 40 hours, so a
// week straddling two months gives each month its own days' overtime. Breaks
// have no time of day: late-night hours (22:00-05:00, art. 37) come from the
// start-to-end span, capped at the time worked. Days missing from the log
// count as days off and months without entries as months without overtime,
// so flags are never raised on missing data. Months are calendar months and
// years calendar years unless Options.YearStartMonth says otherwise; the
// labour office counts Rousai months back from the onset of illness, and the
// criteria say "about", so the Rousai flags are pointers, not findings.
// Variable and flexible working-hour systems are not modelled. Notes returns
// these assumptions in the reader's language.
package hours
