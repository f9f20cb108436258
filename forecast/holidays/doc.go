// Package holidays gives the public holidays of a country for any year
// from FirstYear to LastYear, each with its date, name and Kind.
//
// # Calendars
//
//   - US: the federal holidays of 5 U.S.C. § 6103 with OPM's observed
//     dates (a Saturday holiday is observed on the Friday before, a Sunday
//     one on the Monday after). New Year's Day, Memorial Day, Independence
//     Day, Labor Day, Thanksgiving and Christmas are Closed: nine in ten
//     private-industry workers with paid holidays get them (BLS, National
//     Compensation Survey holiday profiles: Thanksgiving 97 % in March
//     2018). The others (Martin Luther King Jr. Day, Washington's Birthday,
//     Juneteenth, Columbus Day, Veterans Day) are Civic: closed for
//     government and banks, open for most businesses (Dr. King's birthday:
//     24 % of private-industry workers, BLS March 2017).
//   - GB: bank holidays of England and Wales, with substitute days;
//     GB-SCT: Scotland's (2 January, St Andrew's Day, the first Monday
//     of August, no Easter Monday).
//   - DE, ES, FR, IT, NL: national public holidays only, no regional ones.
//   - IL: the Hebrew calendar's holidays as observed in Israel, computed
//     here (see IsraelYear and the Hebrew calendar functions).
//
// US, GB and the EU countries come from github.com/rickar/cal/v2; the
// current rules are applied to every year (US: the Uniform Monday Holiday
// Act's Mondays, in force since 1971, are used before 1971 too), except
// where a holiday has a first year (Juneteenth 2021, Martin Luther King Jr.
// Day 1986, Yom HaAtzmaut 1949) or was one-off.
package holidays
