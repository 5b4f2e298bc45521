#include "functions/time_format.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/string_view.h"

namespace iotsql {
namespace {

constexpr std::string_view kMonthShort[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::string_view kMonthLong[12] = {"January",   "February", "March",    "April",
                                             "May",       "June",     "July",     "August",
                                             "September", "October",  "November", "December"};
// ISO order (Monday is 1), as both libraries number days.
constexpr std::string_view kDayShort[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::string_view kDayLong[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday"};
constexpr std::string_view kEraShort[2] = {"BC", "AD"};
constexpr std::string_view kEraLong[2] = {"Before Christ", "Anno Domini"};
constexpr std::string_view kEraNarrow[2] = {"B", "A"};
constexpr std::string_view kAmPm[2] = {"AM", "PM"};

bool IsLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// ------------------------------------------------------------------------------ time zones

// English zone names as Java prints and parses them. tzdata supplies the abbreviation of an
// instant; this table supplies the long name and the zone a parsed name stands for.
struct ZoneName {
  std::string_view abbr;
  std::string_view long_name;
  std::string_view used_by;     // id prefix of the zones printing it; "*" any; "" parse only
  std::string_view parse_zone;  // zone Java resolves the name to; "" not parsed
};
constexpr ZoneName kZoneNames[] = {
    {"PST", "Pacific Standard Time", "America/", "America/Los_Angeles"},
    {"PDT", "Pacific Daylight Time", "America/", "America/Los_Angeles"},
    {"PT", "Pacific Time", "", "America/Los_Angeles"},
    {"MST", "Mountain Standard Time", "America/", "America/Denver"},
    {"MDT", "Mountain Daylight Time", "America/", "America/Denver"},
    {"CST", "Cuba Standard Time", "America/Havana", ""},
    {"CDT", "Cuba Daylight Time", "America/Havana", ""},
    {"CST", "Central Standard Time", "America/", "America/Chicago"},
    {"CDT", "Central Daylight Time", "America/", "America/Chicago"},
    {"CT", "Central Time", "", "America/Chicago"},
    {"EST", "Eastern Standard Time", "America/", "America/New_York"},
    {"EDT", "Eastern Daylight Time", "America/", "America/New_York"},
    {"ET", "Eastern Time", "", "America/New_York"},
    {"AKST", "Alaska Standard Time", "America/", "America/Anchorage"},
    {"AKDT", "Alaska Daylight Time", "America/", "America/Anchorage"},
    {"HST", "Hawaii-Aleutian Standard Time", "*", "Pacific/Honolulu"},
    {"HDT", "Hawaii-Aleutian Daylight Time", "*", "Pacific/Honolulu"},
    {"AST", "Atlantic Standard Time", "America/", "America/Halifax"},
    {"ADT", "Atlantic Daylight Time", "America/", "America/Halifax"},
    {"NST", "Newfoundland Standard Time", "America/", "America/St_Johns"},
    {"NDT", "Newfoundland Daylight Time", "America/", "America/St_Johns"},
    {"UTC", "Coordinated Universal Time", "*", "UTC"},
    {"GMT", "Greenwich Mean Time", "*", "Etc/GMT"},
    {"BST", "British Summer Time", "Europe/", "Europe/London"},
    {"IST", "Irish Standard Time", "Europe/", ""},
    {"IST", "India Standard Time", "Asia/Kolkata", "Asia/Kolkata"},
    {"IST", "Israel Standard Time", "Asia/", ""},
    {"IDT", "Israel Daylight Time", "Asia/", ""},
    {"CET", "Central European Standard Time", "*", "Europe/Paris"},
    {"CEST", "Central European Summer Time", "*", "Europe/Paris"},
    {"EET", "Eastern European Standard Time", "*", "Europe/Bucharest"},
    {"EEST", "Eastern European Summer Time", "*", "Europe/Bucharest"},
    {"WET", "Western European Standard Time", "*", "Europe/Lisbon"},
    {"WEST", "Western European Summer Time", "*", "Europe/Lisbon"},
    {"MSK", "Moscow Standard Time", "*", "Europe/Moscow"},
    {"JST", "Japan Standard Time", "*", "Asia/Tokyo"},
    {"KST", "Korean Standard Time", "*", "Asia/Seoul"},
    {"CST", "China Standard Time", "Asia/", ""},
    {"HKT", "Hong Kong Standard Time", "*", "Asia/Hong_Kong"},
    {"PST", "Philippine Standard Time", "Asia/", ""},
    {"SGT", "Singapore Standard Time", "", "Asia/Singapore"},
    {"ICT", "Indochina Time", "", "Asia/Bangkok"},
    {"WIB", "Western Indonesia Time", "*", "Asia/Jakarta"},
    {"AEST", "Australian Eastern Standard Time", "*", "Australia/Sydney"},
    {"AEDT", "Australian Eastern Daylight Time", "*", "Australia/Sydney"},
    {"ACST", "Australian Central Standard Time", "*", "Australia/Adelaide"},
    {"ACDT", "Australian Central Daylight Time", "*", "Australia/Adelaide"},
    {"AWST", "Australian Western Standard Time", "*", "Australia/Perth"},
    {"NZST", "New Zealand Standard Time", "*", "Pacific/Auckland"},
    {"NZDT", "New Zealand Daylight Time", "*", "Pacific/Auckland"},
    {"SAST", "South Africa Standard Time", "*", "Africa/Johannesburg"},
    {"WAT", "West Africa Standard Time", "*", "Africa/Lagos"},
    {"CAT", "Central Africa Time", "*", "Africa/Maputo"},
    {"EAT", "East Africa Time", "*", "Africa/Nairobi"},
    {"BRT", "Brasilia Standard Time", "", "America/Sao_Paulo"},
    {"ART", "Argentina Standard Time", "", "America/Argentina/Buenos_Aires"},
};

// Short names Joda prints for zones whose tzdata abbreviations are numeric ("-03" where Joda
// prints "BRT"), generated from Joda-Time 2.14 on JDK 17. Sorted by id.
struct JavaShortName {
  std::string_view zone;
  std::string_view standard;
  std::string_view daylight;  // "" when Java names none
};
constexpr JavaShortName kJavaShortNames[] = {
    {"Africa/Casablanca", "WET", "WEST"},
    {"Africa/El_Aaiun", "WET", "WEST"},
    {"America/Araguaina", "BRT", "BRST"},
    {"America/Argentina/Buenos_Aires", "ART", "ARST"},
    {"America/Argentina/Catamarca", "ART", "ARST"},
    {"America/Argentina/Cordoba", "ART", "ARST"},
    {"America/Argentina/Jujuy", "ART", "ARST"},
    {"America/Argentina/La_Rioja", "ART", "ARST"},
    {"America/Argentina/Mendoza", "ART", "ARST"},
    {"America/Argentina/Rio_Gallegos", "ART", "ARST"},
    {"America/Argentina/Salta", "ART", "ARST"},
    {"America/Argentina/San_Juan", "ART", "ARST"},
    {"America/Argentina/San_Luis", "ART", "ARST"},
    {"America/Argentina/Tucuman", "ART", "ARST"},
    {"America/Argentina/Ushuaia", "ART", "ARST"},
    {"America/Asuncion", "PYT", "PYST"},
    {"America/Bahia", "BRT", "BRST"},
    {"America/Belem", "BRT", "BRST"},
    {"America/Boa_Vista", "AMT", "AMST"},
    {"America/Bogota", "COT", "COST"},
    {"America/Campo_Grande", "AMT", "AMST"},
    {"America/Caracas", "VET", ""},
    {"America/Cayenne", "GFT", ""},
    {"America/Cuiaba", "AMT", "AMST"},
    {"America/Eirunepe", "ACT", "ACST"},
    {"America/Fortaleza", "BRT", "BRST"},
    {"America/Guayaquil", "ECT", "ECST"},
    {"America/Guyana", "GYT", ""},
    {"America/La_Paz", "BOT", "BOST"},
    {"America/Lima", "PET", "PEST"},
    {"America/Maceio", "BRT", "BRST"},
    {"America/Manaus", "AMT", "AMST"},
    {"America/Miquelon", "PMST", "PMDT"},
    {"America/Montevideo", "UYT", "UYST"},
    {"America/Noronha", "FNT", "FNST"},
    {"America/Nuuk", "WGT", "WGST"},
    {"America/Paramaribo", "SRT", ""},
    {"America/Porto_Velho", "AMT", "AMST"},
    {"America/Punta_Arenas", "GMT-03:00", "GMT-03:00"},
    {"America/Recife", "BRT", "BRST"},
    {"America/Rio_Branco", "ACT", "ACST"},
    {"America/Santarem", "BRT", "BRST"},
    {"America/Santiago", "CLT", "CLST"},
    {"America/Sao_Paulo", "BRT", "BRST"},
    {"America/Scoresbysund", "EGT", "EGST"},
    {"Antarctica/Casey", "AWST", ""},
    {"Antarctica/Davis", "DAVT", ""},
    {"Antarctica/DumontDUrville", "DDUT", ""},
    {"Antarctica/Mawson", "MAWT", ""},
    {"Antarctica/Palmer", "CLT", "CLST"},
    {"Antarctica/Rothera", "ROTT", ""},
    {"Antarctica/Syowa", "SYOT", ""},
    {"Antarctica/Troll", "GMT", "CEST"},
    {"Antarctica/Vostok", "VOST", ""},
    {"Asia/Aden", "AST", ""},
    {"Asia/Almaty", "ALMT", "ALMST"},
    {"Asia/Amman", "EET", "EEST"},
    {"Asia/Anadyr", "ANAT", "ANAST"},
    {"Asia/Aqtau", "AQTT", "AQTST"},
    {"Asia/Aqtobe", "AQTT", "AQTST"},
    {"Asia/Ashgabat", "TMT", "TMST"},
    {"Asia/Atyrau", "GMT+05:00", "GMT+05:00"},
    {"Asia/Baghdad", "AST", "ADT"},
    {"Asia/Bahrain", "AST", ""},
    {"Asia/Baku", "AZT", "AZST"},
    {"Asia/Bangkok", "ICT", ""},
    {"Asia/Barnaul", "GMT+07:00", "GMT+07:00"},
    {"Asia/Bishkek", "KGT", "KGST"},
    {"Asia/Brunei", "BNT", ""},
    {"Asia/Chita", "YAKT", "YAKST"},
    {"Asia/Colombo", "IST", "IDT"},
    {"Asia/Damascus", "EET", "EEST"},
    {"Asia/Dhaka", "BDT", "BDST"},
    {"Asia/Dili", "TLT", ""},
    {"Asia/Dubai", "GST", ""},
    {"Asia/Dushanbe", "TJT", "TJST"},
    {"Asia/Ho_Chi_Minh", "ICT", ""},
    {"Asia/Hovd", "HOVT", "HOVST"},
    {"Asia/Irkutsk", "IRKT", "IRKST"},
    {"Asia/Kabul", "AFT", ""},
    {"Asia/Kamchatka", "PETT", "PETST"},
    {"Asia/Kathmandu", "NPT", ""},
    {"Asia/Khandyga", "YAKT", "YAKST"},
    {"Asia/Krasnoyarsk", "KRAT", "KRAST"},
    {"Asia/Kuala_Lumpur", "MYT", "MYST"},
    {"Asia/Kuching", "MYT", ""},
    {"Asia/Kuwait", "AST", ""},
    {"Asia/Magadan", "MAGT", "MAGST"},
    {"Asia/Muscat", "GST", ""},
    {"Asia/Novokuznetsk", "KRAT", "KRAST"},
    {"Asia/Novosibirsk", "NOVT", "NOVST"},
    {"Asia/Omsk", "OMST", "OMSST"},
    {"Asia/Oral", "ORAT", "ORAST"},
    {"Asia/Phnom_Penh", "ICT", ""},
    {"Asia/Qatar", "AST", ""},
    {"Asia/Qostanay", "QOST", "QOSST"},
    {"Asia/Qyzylorda", "QYZT", "QYZST"},
    {"Asia/Riyadh", "AST", ""},
    {"Asia/Sakhalin", "SAKT", "SAKST"},
    {"Asia/Samarkand", "UZT", "UZST"},
    {"Asia/Singapore", "SGT", "SGST"},
    {"Asia/Srednekolymsk", "SRET", "SREDT"},
    {"Asia/Tashkent", "UZT", "UZST"},
    {"Asia/Tbilisi", "GET", "GEST"},
    {"Asia/Tehran", "IRST", "IRDT"},
    {"Asia/Thimphu", "BTT", ""},
    {"Asia/Tomsk", "GMT+07:00", "GMT+07:00"},
    {"Asia/Ulaanbaatar", "ULAT", "ULAST"},
    {"Asia/Urumqi", "XJT", ""},
    {"Asia/Ust-Nera", "VLAT", "VLAST"},
    {"Asia/Vientiane", "ICT", ""},
    {"Asia/Vladivostok", "VLAT", "VLAST"},
    {"Asia/Yakutsk", "YAKT", "YAKST"},
    {"Asia/Yangon", "MMT", ""},
    {"Asia/Yekaterinburg", "YEKT", "YEKST"},
    {"Asia/Yerevan", "AMT", "AMST"},
    {"Atlantic/Azores", "AZOT", "AZOST"},
    {"Atlantic/Cape_Verde", "CVT", "CVST"},
    {"Atlantic/South_Georgia", "GST", ""},
    {"Atlantic/Stanley", "FKT", "FKST"},
    {"Australia/Eucla", "ACWST", "ACWDT"},
    {"Australia/Lord_Howe", "LHST", "LHDT"},
    {"Europe/Astrakhan", "GMT+04:00", "GMT+04:00"},
    {"Europe/Istanbul", "TRT", "TRST"},
    {"Europe/Minsk", "MSK", "MSD"},
    {"Europe/Samara", "SAMT", "SAMST"},
    {"Europe/Saratov", "GMT+04:00", "GMT+04:00"},
    {"Europe/Ulyanovsk", "GMT+04:00", "GMT+04:00"},
    {"Indian/Chagos", "IOT", ""},
    {"Indian/Christmas", "CXT", ""},
    {"Indian/Cocos", "CCT", ""},
    {"Indian/Kerguelen", "TFT", ""},
    {"Indian/Mahe", "SCT", ""},
    {"Indian/Maldives", "MVT", ""},
    {"Indian/Mauritius", "MUT", "MUST"},
    {"Indian/Reunion", "RET", ""},
    {"Pacific/Apia", "WSST", "WSDT"},
    {"Pacific/Bougainville", "BST", ""},
    {"Pacific/Chatham", "CHAST", "CHADT"},
    {"Pacific/Chuuk", "CHUT", ""},
    {"Pacific/Easter", "EAST", "EASST"},
    {"Pacific/Efate", "VUT", "VUST"},
    {"Pacific/Fakaofo", "TKT", ""},
    {"Pacific/Fiji", "FJT", "FJST"},
    {"Pacific/Funafuti", "TVT", ""},
    {"Pacific/Galapagos", "GALT", "GALST"},
    {"Pacific/Gambier", "GAMT", ""},
    {"Pacific/Guadalcanal", "SBT", ""},
    {"Pacific/Kanton", "GMT+13:00", ""},
    {"Pacific/Kiritimati", "LINT", ""},
    {"Pacific/Kosrae", "KOST", ""},
    {"Pacific/Kwajalein", "MHT", ""},
    {"Pacific/Majuro", "MHT", ""},
    {"Pacific/Marquesas", "MART", ""},
    {"Pacific/Nauru", "NRT", ""},
    {"Pacific/Niue", "NUT", ""},
    {"Pacific/Norfolk", "NFT", "NFST"},
    {"Pacific/Noumea", "NCT", "NCST"},
    {"Pacific/Palau", "PWT", ""},
    {"Pacific/Pitcairn", "PST", ""},
    {"Pacific/Pohnpei", "PONT", ""},
    {"Pacific/Port_Moresby", "PGT", ""},
    {"Pacific/Rarotonga", "CKT", "CKHST"},
    {"Pacific/Tahiti", "TAHT", ""},
    {"Pacific/Tarawa", "GILT", ""},
    {"Pacific/Tongatapu", "TOT", "TOST"},
    {"Pacific/Wake", "WAKT", ""},
    {"Pacific/Wallis", "WFT", ""},
};

std::string ZoneInfoDir() {
  const char* dir = std::getenv("TZDIR");  // absl reads the same variable
  return dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo";
}

bool IsZoneIdChar(char c) {
  return IsLetter(c) || IsDigit(c) || c == '/' || c == '_' || c == '-' || c == '+';
}

// absl opens TZDIR/<name> for any name and caches every name it is given, failures included;
// names come from user text, so only existing files with IANA-shaped names reach it.
bool LoadRegionZone(std::string_view name, absl::TimeZone* tz) {
  if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/' ||
      name.find("//") != std::string_view::npos) {
    return false;
  }
  for (char c : name) {
    if (!IsZoneIdChar(c)) return false;
  }
  if (StartsWith(name, "posix/") || StartsWith(name, "right/") || name == "localtime" ||
      name == "posixrules" || name == "leapseconds" || name == "Factory") {
    return false;  // files in zoneinfo that neither Java nor Joda know as zones
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(ZoneInfoDir() + "/" + std::string(name), ec)) return false;
  return absl::LoadTimeZone(ToAbsl(name), tz);
}

// Joda reports a link by its target (US/Pacific is America/Los_Angeles); Debian's zoneinfo
// links are symlinks, so resolving them gives the same id.
std::string CanonicalZoneId(std::string_view name) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::canonical(ZoneInfoDir(), ec);
  if (ec) return std::string(name);
  std::filesystem::path file = std::filesystem::canonical(dir / std::string(name), ec);
  if (ec) return std::string(name);
  std::string prefix = dir.string() + "/";
  std::string path = file.string();
  return StartsWith(path, prefix) ? path.substr(prefix.size()) : std::string(name);
}

void AppendPadded(int64_t value, int min_digits, std::string* out) {
  uint64_t magnitude = static_cast<uint64_t>(value);
  if (value < 0) {
    out->push_back('-');
    magnitude = 0 - magnitude;
  }
  std::string digits = std::to_string(magnitude);
  if (static_cast<int>(digits.size()) < min_digits) out->append(min_digits - digits.size(), '0');
  out->append(digits);
}

// Joda's printOffset: "+01:00", seconds only when present.
void AppendOffsetId(int seconds, std::string* out) {
  out->push_back(seconds < 0 ? '-' : '+');
  int magnitude = seconds < 0 ? -seconds : seconds;
  AppendPadded(magnitude / 3600, 2, out);
  out->push_back(':');
  AppendPadded(magnitude / 60 % 60, 2, out);
  if (magnitude % 60 != 0) {
    out->push_back(':');
    AppendPadded(magnitude % 60, 2, out);
  }
}

int TwoDigits(std::string_view s, size_t i) {
  if (i + 2 > s.size() || !IsDigit(s[i]) || !IsDigit(s[i + 1])) return -1;
  return (s[i] - '0') * 10 + (s[i + 1] - '0');
}

// Joda's offset ids: +HH, +HHMM, +HH:MM, +HHMMSS, +HH:MM:SS (the whole string).
bool ParseJodaOffset(std::string_view s, int* seconds) {
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return false;
  int hours = TwoDigits(s, 1);
  if (hours < 0 || hours > 23) return false;
  int total = hours * 3600;
  size_t i = 3;
  bool colon = i < s.size() && s[i] == ':';
  for (int unit : {60, 1}) {
    if (i == s.size()) break;
    if (colon && s[i++] != ':') return false;
    int value = TwoDigits(s, i);
    if (value < 0 || value > 59) return false;
    total += value * unit;
    i += 2;
  }
  if (i != s.size()) return false;
  *seconds = s[0] == '-' ? -total : total;
  return true;
}

struct JodaZone {
  absl::TimeZone tz;
  std::string id;      // what Joda's DateTimeZone.getID() returns
  bool fixed = false;  // a fixed offset: its names print as the offset
};

// Follows Joda's DateTimeZone.forID.
bool ResolveJodaZone(std::string_view id, JodaZone* zone, std::string* error) {
  if (id == "UTC") {
    zone->tz = absl::UTCTimeZone();
    zone->id = "UTC";
    return true;
  }
  if (LoadRegionZone(id, &zone->tz)) {
    zone->id = CanonicalZoneId(id);
    return true;
  }
  std::string_view offset = id;
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (StartsWith(id, prefix) && id.size() > prefix.size() &&
        (id[prefix.size()] == '+' || id[prefix.size()] == '-')) {
      offset = id.substr(prefix.size());
      break;
    }
  }
  int seconds = 0;
  if (id == "UT" || id == "GMT" || id == "Z" ||
      (ParseJodaOffset(offset, &seconds) && seconds == 0)) {
    zone->tz = absl::UTCTimeZone();
    zone->id = "UTC";
    return true;
  }
  if (ParseJodaOffset(offset, &seconds)) {
    zone->tz = absl::FixedTimeZone(seconds);
    zone->id.clear();
    AppendOffsetId(seconds, &zone->id);
    zone->fixed = true;
    return true;
  }
  *error = "the time zone id '" + std::string(id) + "' is not recognised";
  return false;
}

// --------------------------------------------------------------------- Joda-Time formatting

struct JodaToken {
  char letter = 0;  // 0: literal text
  int count = 0;
  std::string text;
};

// Joda's DateTimeFormat.parseToken: runs of one letter are fields; everything else is literal,
// with '...' quoting letters and '' standing for a quote (inside or outside quotes).
bool TokenizeJoda(std::string_view p, std::vector<JodaToken>* tokens, std::string* error) {
  constexpr std::string_view kLetters = "GCYyxMdDeEahHkKmsSzZw";
  size_t i = 0;
  while (i < p.size()) {
    if (IsLetter(p[i])) {
      size_t j = i;
      while (j < p.size() && p[j] == p[i]) ++j;
      if (kLetters.find(p[i]) == std::string_view::npos) {
        *error = "illegal pattern component: " + std::string(p.substr(i, j - i));
        return false;
      }
      tokens->push_back({p[i], static_cast<int>(j - i), {}});
      i = j;
      continue;
    }
    JodaToken literal;
    bool quoted = false;
    for (; i < p.size(); ++i) {
      if (p[i] == '\'') {
        if (i + 1 < p.size() && p[i + 1] == '\'') {
          literal.text.push_back('\'');
          ++i;
        } else {
          quoted = !quoted;
        }
      } else if (!quoted && IsLetter(p[i])) {
        break;
      } else {
        literal.text.push_back(p[i]);
      }
    }
    tokens->push_back(std::move(literal));
  }
  return true;
}

// Joda's Fraction printer: the millis scaled to `count` digits; beyond 15 digits the scale
// would overflow a long, so Joda prints 15 (but `count` zeros for a zero fraction).
void AppendJodaFraction(int millis, int count, std::string* out) {
  if (millis == 0) {
    out->append(count, '0');
    return;
  }
  int digits = std::min(count, 15);
  int64_t scale = 1;
  for (int i = 0; i < digits; ++i) scale *= 10;
  AppendPadded(millis * scale / 1000, digits, out);
}

// Offsets as Joda's 'Z' and 'ZZ' print them: hours and minutes, seconds dropped.
void AppendJodaOffset(int seconds, bool colon, std::string* out) {
  out->push_back(seconds < 0 ? '-' : '+');
  int magnitude = seconds < 0 ? -seconds : seconds;
  AppendPadded(magnitude / 3600, 2, out);
  if (colon) out->push_back(':');
  AppendPadded(magnitude / 60 % 60, 2, out);
}

// Joda names a zone by its id, standard or daylight, whatever the instant's historical
// abbreviation ("PST" for Los Angeles in 1850, not "LMT"), so the abbreviation comes from a
// recent year. Standard is the lower of the two offsets: Europe/Dublin's tzdata marks winter as
// daylight time (negative DST), where Java calls winter standard.
std::string ModernAbbreviation(const absl::TimeZone& tz, const absl::TimeZone::CivilInfo& at,
                               bool* dst) {
  absl::TimeZone::CivilInfo a;
  absl::TimeZone::CivilInfo b;
  auto probe = [&](int year) {
    a = tz.At(absl::FromCivil(absl::CivilDay(year, 1, 15), tz));
    b = tz.At(absl::FromCivil(absl::CivilDay(year, 7, 15), tz));
    if (a.offset > b.offset) std::swap(a, b);
  };
  int year = 2024;
  probe(year);
  // A daylight instant of a zone that has since dropped DST is named from its last DST year.
  while (at.is_dst && a.offset == b.offset && --year >= 1970) probe(year);
  const bool inverted = a.is_dst && !b.is_dst;
  *dst = inverted ? !at.is_dst && at.offset == b.offset : at.is_dst;
  const char* abbr = *dst ? b.zone_abbr : a.zone_abbr;
  return abbr != nullptr ? abbr : "";
}

void AppendZoneName(const JodaZone& zone, const absl::TimeZone::CivilInfo& info, bool full,
                    std::string* out) {
  std::string abbr;
  if (!zone.fixed) {
    bool dst = false;
    abbr = ModernAbbreviation(zone.tz, info, &dst);
    const auto* end = std::end(kJavaShortNames);
    const auto* java =
        std::lower_bound(std::begin(kJavaShortNames), end, zone.id,
                         [](const JavaShortName& n, const std::string& id) { return n.zone < id; });
    if (java != end && java->zone == zone.id) {
      abbr = std::string(dst && !java->daylight.empty() ? java->daylight : java->standard);
    }
  }
  // Where neither has a name Joda prints the offset.
  if (!abbr.empty() && IsLetter(abbr[0])) {
    if (!full) {
      out->append(abbr);
      return;
    }
    for (const ZoneName& name : kZoneNames) {
      if (name.abbr == abbr && !name.used_by.empty() &&
          (name.used_by == "*" || StartsWith(zone.id, name.used_by))) {
        out->append(name.long_name);
        return;
      }
    }
  }
  AppendOffsetId(info.offset, out);
}

}  // namespace

bool FormatJodaTime(std::string_view pattern, int64_t epoch_millis, std::string_view zone_id,
                    std::string* out, std::string* error) {
  std::vector<JodaToken> tokens;
  if (!TokenizeJoda(pattern, &tokens, error)) return false;
  if (std::all_of(tokens.begin(), tokens.end(),
                  [](const JodaToken& t) { return t.letter == 0 && t.text.empty(); })) {
    *error = "invalid pattern specification";  // Joda builds no printer from it
    return false;
  }
  JodaZone zone;
  if (!ResolveJodaZone(zone_id, &zone, error)) return false;

  const absl::TimeZone::CivilInfo info = zone.tz.At(absl::FromUnixMillis(epoch_millis));
  const absl::CivilSecond& cs = info.cs;
  const absl::CivilDay day(cs);
  const int64_t year = cs.year();
  const int64_t year_of_era = year > 0 ? year : 1 - year;  // year 0 is 1 BC
  const int weekday = static_cast<int>(absl::GetWeekday(day)) + 1;
  // ISO weeks belong to the year holding their Thursday.
  const absl::CivilDay thursday = day + (4 - weekday);
  const int64_t weekyear = thursday.year();
  const int week = (absl::GetYearDay(thursday) - 1) / 7 + 1;
  const int millis = static_cast<int>(absl::ToInt64Milliseconds(info.subsecond));

  out->clear();
  for (const JodaToken& t : tokens) {
    const int n = t.count;
    switch (t.letter) {
      case 0:
        out->append(t.text);
        break;
      case 'G':
        out->append(kEraShort[year > 0 ? 1 : 0]);
        break;
      case 'C':
        AppendPadded(year_of_era / 100, n, out);
        break;
      case 'Y':
      case 'y':
      case 'x': {
        int64_t value = t.letter == 'Y' ? year_of_era : t.letter == 'y' ? year : weekyear;
        if (n == 2) {  // two-digit forms use the signed year even for 'YY'
          int64_t signed_value = t.letter == 'x' ? weekyear : year;
          AppendPadded((signed_value < 0 ? -signed_value : signed_value) % 100, 2, out);
        } else {
          AppendPadded(value, n, out);
        }
        break;
      }
      case 'M':
        if (n >= 4) {
          out->append(kMonthLong[cs.month() - 1]);
        } else if (n == 3) {
          out->append(kMonthShort[cs.month() - 1]);
        } else {
          AppendPadded(cs.month(), n, out);
        }
        break;
      case 'd':
        AppendPadded(cs.day(), n, out);
        break;
      case 'D':
        AppendPadded(absl::GetYearDay(day), n, out);
        break;
      case 'e':
        AppendPadded(weekday, n, out);
        break;
      case 'E':
        out->append(n >= 4 ? kDayLong[weekday - 1] : kDayShort[weekday - 1]);
        break;
      case 'w':
        AppendPadded(week, n, out);
        break;
      case 'a':
        out->append(kAmPm[cs.hour() < 12 ? 0 : 1]);
        break;
      case 'h':
        AppendPadded(cs.hour() % 12 == 0 ? 12 : cs.hour() % 12, n, out);
        break;
      case 'K':
        AppendPadded(cs.hour() % 12, n, out);
        break;
      case 'H':
        AppendPadded(cs.hour(), n, out);
        break;
      case 'k':
        AppendPadded(cs.hour() == 0 ? 24 : cs.hour(), n, out);
        break;
      case 'm':
        AppendPadded(cs.minute(), n, out);
        break;
      case 's':
        AppendPadded(cs.second(), n, out);
        break;
      case 'S':
        AppendJodaFraction(millis, n, out);
        break;
      case 'z':
        AppendZoneName(zone, info, n >= 4, out);
        break;
      case 'Z':
        if (n >= 3) {
          out->append(zone.id);
        } else {
          AppendJodaOffset(info.offset, n == 2, out);
        }
        break;
    }
  }
  return true;
}

// ------------------------------------------------------------------- java.time parsing

namespace {

enum JField : uint8_t {
  kEra,
  kYearOfEra,
  kYear,
  kMonth,
  kDayOfMonth,
  kDayOfYear,
  kDayOfWeek,
  kAmPmOfDay,
  kHourOfDay,
  kClockHourOfDay,
  kHourOfAmPm,
  kClockHourOfAmPm,
  kMinute,
  kSecond,
  kNano,
  kOffset,
  kFieldCount,
};
constexpr std::string_view kFieldNames[kFieldCount] = {
    "Era",          "YearOfEra",      "Year",         "MonthOfYear",
    "DayOfMonth",   "DayOfYear",      "DayOfWeek",    "AmPmOfDay",
    "HourOfDay",    "ClockHourOfDay", "HourOfAmPm",   "ClockHourOfAmPm",
    "MinuteOfHour", "SecondOfMinute", "NanoOfSecond", "OffsetSeconds"};

enum class JKind : uint8_t {
  kLiteral,
  kNumber,     // NumberPrinterParser
  kFraction,   // FractionPrinterParser (S..S)
  kText,       // TextPrinterParser
  kZoneId,     // VV
  kZoneText,   // z..zzzz
  kOffset,     // X, x, Z: OffsetIdPrinterParser
  kGmtOffset,  // O, ZZZZ: LocalizedOffsetIdPrinterParser
  kOptionalStart,
  kOptionalEnd,
};

enum class SignStyle : uint8_t { kNormal, kNotNegative, kExceedsPad };

struct JToken {
  JKind kind = JKind::kLiteral;
  JField field = kFieldCount;
  std::string literal;  // kLiteral; kOffset: the text that means offset zero
  int min_width = 0;
  int max_width = 0;
  SignStyle sign = SignStyle::kNotNegative;
  // Adjacent value parsing ("yyyyMMdd"): digits the fixed-width fields after this one need.
  int subsequent_width = 0;
  bool reduced_year = false;                // yy/uu: two digits on base 2000
  const std::string_view* names = nullptr;  // kText
  int name_count = 0;
  int first_value = 0;
  bool full = false;  // kZoneText, kGmtOffset: long form
  // kOffset shapes: +HH then [:]MM (optional or required), then optional [:]ss.
  bool colon = false;
  bool minutes_required = false;
  bool seconds_allowed = false;
};

JToken Token(JKind kind) {
  JToken t;
  t.kind = kind;
  return t;
}

// Mirrors DateTimeFormatterBuilder.appendPattern, including which number parsers reserve digits
// for the fixed-width ones that follow them.
class JavaPatternCompiler {
 public:
  bool Compile(std::string_view p, std::vector<JToken>* tokens, std::string* error) {
    tokens_ = tokens;
    error_ = error;
    int depth = 0;
    size_t pos = 0;
    while (pos < p.size()) {
      char c = p[pos];
      if (IsLetter(c)) {
        size_t start = pos;
        while (pos < p.size() && p[pos] == c) ++pos;
        if (!AddField(c, static_cast<int>(pos - start))) return false;
      } else if (c == '\'') {
        size_t start = ++pos;
        std::string text;
        for (; pos < p.size(); ++pos) {
          if (p[pos] == '\'') {
            if (pos + 1 < p.size() && p[pos + 1] == '\'') {
              ++pos;
            } else {
              break;
            }
          }
          text.push_back(p[pos]);
        }
        if (pos >= p.size()) return Fail("pattern ends with an incomplete string literal");
        AddLiteral(pos == start ? "'" : text);
        ++pos;
      } else if (c == '[') {
        AddOther(Token(JKind::kOptionalStart));
        ++depth;
        ++pos;
      } else if (c == ']') {
        if (depth == 0) return Fail("pattern invalid as it contains ] without previous [");
        AddOther(Token(JKind::kOptionalEnd));
        --depth;
        ++pos;
      } else if (c == '{' || c == '}' || c == '#') {
        return Fail(std::string("pattern includes reserved character: '") + c + "'");
      } else {
        AddLiteral(std::string(1, c));
        ++pos;
      }
    }
    return true;
  }

 private:
  bool Fail(std::string message) {
    *error_ = std::move(message);
    return false;
  }
  bool TooMany(char c) { return Fail(std::string("too many pattern letters: ") + c); }

  void AddLiteral(std::string text) {
    JToken t;
    t.literal = std::move(text);
    AddOther(std::move(t));
  }

  void AddOther(JToken t) {
    tokens_->push_back(std::move(t));
    active_ = -1;
  }

  // DateTimeFormatterBuilder.appendValue(NumberPrinterParser).
  void AddValue(JToken t) {
    if (active_ >= 0) {
      JToken& base = (*tokens_)[active_];
      if (t.min_width == t.max_width && t.sign == SignStyle::kNotNegative) {
        base.subsequent_width = std::max(base.subsequent_width, 0) + t.max_width;
        tokens_->push_back(std::move(t));
        return;
      }
      base.subsequent_width = -1;  // withFixedWidth() drops any reservation
    }
    active_ = static_cast<int>(tokens_->size());
    tokens_->push_back(std::move(t));
  }

  void AddNumber(JField field, int min_width, int max_width, SignStyle sign) {
    JToken t;
    t.kind = JKind::kNumber;
    t.field = field;
    t.min_width = min_width;
    t.max_width = max_width;
    t.sign = sign;
    AddValue(std::move(t));
  }

  void AddText(JField field, const std::string_view* names, int count, int first_value) {
    JToken t;
    t.kind = JKind::kText;
    t.field = field;
    t.names = names;
    t.name_count = count;
    t.first_value = first_value;
    AddOther(std::move(t));
  }

  // Pattern letter counts 1..5 of X and x, as OffsetIdPrinterParser shapes.
  void AddOffset(int count, std::string zero_text) {
    JToken t;
    t.kind = JKind::kOffset;
    t.literal = std::move(zero_text);
    t.colon = count == 3 || count == 5;
    t.minutes_required = count > 1;
    t.seconds_allowed = count >= 4;
    AddOther(std::move(t));
  }

  bool AddField(char c, int n) {
    switch (c) {
      case 'G':
        if (n > 5) return TooMany(c);
        AddText(kEra, n == 4 ? kEraLong : n == 5 ? kEraNarrow : kEraShort, 2, 0);
        return true;
      case 'y':
      case 'u': {
        JField field = c == 'y' ? kYearOfEra : kYear;
        if (n > 19) return TooMany(c);
        if (n == 2) {
          JToken t;
          t.kind = JKind::kNumber;
          t.field = field;
          t.min_width = t.max_width = 2;
          t.reduced_year = true;
          AddValue(std::move(t));
        } else {
          AddNumber(field, n, 19, n < 4 ? SignStyle::kNormal : SignStyle::kExceedsPad);
        }
        return true;
      }
      case 'M':
      case 'L':
        if (n == 1) {
          AddNumber(kMonth, 1, 19, SignStyle::kNormal);
        } else if (n == 2) {
          AddNumber(kMonth, 2, 2, SignStyle::kNotNegative);
        } else if (n == 3) {
          AddText(kMonth, kMonthShort, 12, 1);
        } else if (n == 4) {
          AddText(kMonth, kMonthLong, 12, 1);
        } else if (n == 5) {
          return Fail("narrow month names (MMMMM) cannot be parsed");
        } else {
          return TooMany(c);
        }
        return true;
      case 'd':
      case 'H':
      case 'h':
      case 'k':
      case 'K':
      case 'm':
      case 's': {
        JField field = c == 'd'   ? kDayOfMonth
                       : c == 'H' ? kHourOfDay
                       : c == 'h' ? kClockHourOfAmPm
                       : c == 'k' ? kClockHourOfDay
                       : c == 'K' ? kHourOfAmPm
                       : c == 'm' ? kMinute
                                  : kSecond;
        if (n > 2) return TooMany(c);
        if (n == 1) {
          AddNumber(field, 1, 19, SignStyle::kNormal);
        } else {
          AddNumber(field, 2, 2, SignStyle::kNotNegative);
        }
        return true;
      }
      case 'D':
        if (n > 3) return TooMany(c);
        if (n == 1) {
          AddNumber(kDayOfYear, 1, 19, SignStyle::kNormal);
        } else {
          AddNumber(kDayOfYear, n, 3, SignStyle::kNotNegative);
        }
        return true;
      case 'S': {
        if (n > 9) return Fail("fraction of second is limited to 9 pattern letters (S)");
        JToken t;
        t.kind = JKind::kFraction;
        t.field = kNano;
        t.min_width = t.max_width = n;
        AddValue(std::move(t));
        return true;
      }
      case 'n':
        if (n > 19) return TooMany(c);
        AddNumber(kNano, n, 19, SignStyle::kNotNegative);
        return true;
      case 'a':
        if (n > 1) return TooMany(c);
        AddText(kAmPmOfDay, kAmPm, 2, 0);
        return true;
      case 'E':
        if (n <= 3) {
          AddText(kDayOfWeek, kDayShort, 7, 1);
        } else if (n == 4) {
          AddText(kDayOfWeek, kDayLong, 7, 1);
        } else if (n == 5) {
          return Fail("narrow day-of-week names (EEEEE) cannot be parsed");
        } else {
          return TooMany(c);
        }
        return true;
      case 'V': {
        if (n != 2) return Fail("pattern letter count must be 2: V");
        AddOther(Token(JKind::kZoneId));
        return true;
      }
      case 'z': {
        if (n > 4) return TooMany(c);
        JToken t;
        t.kind = JKind::kZoneText;
        t.full = n == 4;
        AddOther(std::move(t));
        return true;
      }
      case 'X':
        if (n > 5) return TooMany(c);
        AddOffset(n, "Z");
        return true;
      case 'x':
        if (n > 5) return TooMany(c);
        AddOffset(n, n == 1 ? "+00" : n % 2 == 0 ? "+0000" : "+00:00");
        return true;
      case 'Z':
        if (n > 5) return TooMany(c);
        if (n == 4) {
          JToken t;
          t.kind = JKind::kGmtOffset;
          t.full = true;
          AddOther(std::move(t));
        } else if (n == 5) {
          AddOffset(5, "Z");
        } else {
          AddOffset(2, "+0000");
        }
        return true;
      case 'O': {
        if (n != 1 && n != 4) return Fail("pattern letter count must be 1 or 4: O");
        JToken t;
        t.kind = JKind::kGmtOffset;
        t.full = n == 4;
        AddOther(std::move(t));
        return true;
      }
      default:
        break;
    }
    constexpr std::string_view kKnownLetters = "QqYwWecFgANvp";
    if (kKnownLetters.find(c) != std::string_view::npos) {
      return Fail(std::string("unsupported pattern letter: ") + c);
    }
    return Fail(std::string("unknown pattern letter: ") + c);
  }

  std::vector<JToken>* tokens_ = nullptr;
  std::string* error_ = nullptr;
  int active_ = -1;  // index of the number parser adjacent values attach to
};

struct ParsedZone {
  bool present = false;
  bool fixed = false;  // fixed offset (ZoneOffset, or "UTC+01:00")
  int offset = 0;
  absl::TimeZone tz;
};

struct Parsed {
  int64_t value[kFieldCount] = {};
  bool has[kFieldCount] = {};
  ParsedZone zone;

  // DateTimeParseContext.setParsedField: a field parsed twice must agree.
  bool Set(JField f, int64_t v) {
    if (has[f] && value[f] != v) return false;
    has[f] = true;
    value[f] = v;
    return true;
  }
};

class JavaTimeParser {
 public:
  JavaTimeParser(const std::vector<JToken>& tokens, std::string_view text)
      : tokens_(tokens), text_(text) {}

  // Parses the whole text; on failure `error_pos` is where matching failed.
  bool Parse(Parsed* parsed, size_t* error_pos) {
    size_t pos = 0;
    size_t end = 0;
    if (!ParseRange(0, tokens_.size(), &pos, parsed, &end)) {
      *error_pos = pos;
      return false;
    }
    if (pos != text_.size()) {
      *error_pos = pos;
      return false;
    }
    return true;
  }

 private:
  // An optional section that fails is skipped with the fields it set undone.
  bool ParseRange(size_t begin, size_t end, size_t* pos, Parsed* parsed, size_t* next) {
    size_t i = begin;
    while (i < end) {
      const JToken& t = tokens_[i];
      if (t.kind == JKind::kOptionalEnd) {
        *next = i + 1;
        return true;
      }
      if (t.kind == JKind::kOptionalStart) {
        Parsed copy = *parsed;
        size_t p = *pos;
        size_t after = end;
        if (ParseRange(i + 1, end, &p, &copy, &after)) {
          *parsed = std::move(copy);
          *pos = p;
        } else {
          after = SkipOptional(i + 1, end);
        }
        i = after;
        continue;
      }
      if (!ParseToken(t, pos, parsed)) return false;
      ++i;
    }
    *next = end;
    return true;
  }

  size_t SkipOptional(size_t i, size_t end) const {
    int depth = 1;
    for (; i < end; ++i) {
      if (tokens_[i].kind == JKind::kOptionalStart) ++depth;
      if (tokens_[i].kind == JKind::kOptionalEnd && --depth == 0) return i + 1;
    }
    return end;
  }

  bool ParseToken(const JToken& t, size_t* pos, Parsed* parsed) {
    switch (t.kind) {
      case JKind::kLiteral:
        if (text_.substr(*pos, t.literal.size()) != t.literal) return false;
        *pos += t.literal.size();
        return true;
      case JKind::kNumber:
        return ParseNumber(t, pos, parsed);
      case JKind::kFraction:
        return ParseFraction(t, pos, parsed);
      case JKind::kText:
        return ParseText(t, pos, parsed);
      case JKind::kZoneId:
      case JKind::kZoneText:
        return ParseZone(t, pos, parsed);
      case JKind::kOffset: {
        int seconds = 0;
        if (!ParseOffset(t, *pos, &seconds, pos)) return false;
        return parsed->Set(kOffset, seconds);
      }
      case JKind::kGmtOffset:
        return ParseGmtOffset(t, pos, parsed);
      case JKind::kOptionalStart:
      case JKind::kOptionalEnd:
        break;
    }
    return false;
  }

  // NumberPrinterParser.parse in strict mode.
  bool ParseNumber(const JToken& t, size_t* pos, Parsed* parsed) {
    size_t position = *pos;
    if (position == text_.size()) return false;
    bool negative = false;
    bool positive = false;
    if (text_[position] == '+' || text_[position] == '-') {
      bool plus = text_[position] == '+';
      bool allowed = t.sign == SignStyle::kExceedsPad || (t.sign == SignStyle::kNormal && !plus);
      if (!allowed) return false;
      (plus ? positive : negative) = true;
      ++position;
    }
    const size_t min_end = position + t.min_width;
    if (min_end > text_.size()) return false;
    size_t max_width = t.max_width + std::max(t.subsequent_width, 0);
    size_t p = position;
    uint64_t total = 0;
    for (int pass = 0; pass < 2; ++pass) {
      size_t max_end = std::min(position + max_width, text_.size());
      total = 0;
      p = position;
      while (p < max_end && IsDigit(text_[p])) {
        if (p - position < 19) total = total * 10 + (text_[p] - '0');
        ++p;
      }
      if (p < min_end) return false;
      if (t.subsequent_width <= 0 || pass == 1) break;
      // Leave the digits the following fixed-width fields need.
      size_t length = p - position;
      max_width = std::max<size_t>(t.min_width, length > static_cast<size_t>(t.subsequent_width)
                                                    ? length - t.subsequent_width
                                                    : 0);
    }
    if (total > static_cast<uint64_t>(INT64_MAX)) {  // Java gives the last digit back
      total /= 10;
      --p;
    }
    int64_t value = static_cast<int64_t>(total);
    const size_t length = p - position;
    if (negative) {
      if (value == 0) return false;  // "-0" is rejected in strict mode
      value = -value;
    } else if (t.sign == SignStyle::kExceedsPad) {
      // More digits than the pattern pads to need a '+', and a '+' needs more digits.
      if (positive != (length > static_cast<size_t>(t.min_width))) return false;
    }
    if (t.reduced_year && length == 2 && value >= 0) value += 2000;
    if (!parsed->Set(t.field, value)) return false;
    *pos = p;
    return true;
  }

  bool ParseFraction(const JToken& t, size_t* pos, Parsed* parsed) {
    size_t p = *pos;
    int64_t nanos = 0;
    for (int i = 0; i < 9; ++i) {
      nanos *= 10;
      if (i < t.max_width) {
        if (p >= text_.size() || !IsDigit(text_[p])) return false;
        nanos += text_[p++] - '0';
      }
    }
    if (!parsed->Set(t.field, nanos)) return false;
    *pos = p;
    return true;
  }

  // TextPrinterParser: case-sensitive, longest name first.
  bool ParseText(const JToken& t, size_t* pos, Parsed* parsed) {
    int best = -1;
    for (int i = 0; i < t.name_count; ++i) {
      std::string_view name = t.names[i];
      if (StartsWith(text_.substr(*pos), name) &&
          (best < 0 || name.size() > t.names[best].size())) {
        best = i;
      }
    }
    if (best < 0 || !parsed->Set(t.field, t.first_value + best)) return false;
    *pos += t.names[best].size();
    return true;
  }

  // OffsetIdPrinterParser.parse (JDK 11, strict): `zero_text`, or a sign and two-digit hours,
  // then minutes and seconds as the pattern shape allows.
  bool ParseOffset(const JToken& t, size_t position, int* seconds, size_t* next) const {
    if (position >= text_.size()) return false;
    if (!t.literal.empty() && StartsWith(text_.substr(position), t.literal)) {
      *seconds = 0;
      *next = position + t.literal.size();
      return true;
    }
    char sign = text_[position];
    if (sign != '+' && sign != '-') return false;
    size_t p = position + 1;
    int parts[3] = {0, 0, 0};
    auto digits = [&](int index) {
      size_t q = p;
      if (t.colon && index > 0) {
        if (q >= text_.size() || text_[q] != ':') return false;
        ++q;
      }
      int value = TwoDigits(text_, q);
      if (value < 0 || value > 59) return false;
      parts[index] = value;
      p = q + 2;
      return true;
    };
    if (!digits(0)) return false;
    const bool minutes = digits(1);
    if (!minutes && t.minutes_required) return false;
    if (minutes && t.seconds_allowed) digits(2);  // optional: a failed try consumes nothing
    if (parts[0] > 23) return false;              // Java: "Value out of range: Hour[0-23]"
    int total = parts[0] * 3600 + parts[1] * 60 + parts[2];
    *seconds = sign == '-' ? -total : total;
    *next = p;
    return true;
  }

  // LocalizedOffsetIdPrinterParser: "GMT", then nothing (zero) or a signed offset; the long
  // form is GMT+HH:MM[:ss], the short one GMT+H[H][:MM[:ss]].
  bool ParseGmtOffset(const JToken& t, size_t* pos, Parsed* parsed) {
    size_t p = *pos;
    if (!StartsWith(text_.substr(p), "GMT")) return false;
    p += 3;
    int total = 0;
    if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) {
      bool minus = text_[p++] == '-';
      int hours = 0;
      int minutes = 0;
      if (t.full) {
        hours = TwoDigits(text_, p);
        if (hours < 0 || p + 2 >= text_.size() || text_[p + 2] != ':') return false;
        minutes = TwoDigits(text_, p + 3);
        if (minutes < 0) return false;
        p += 5;
      } else {
        if (p >= text_.size() || !IsDigit(text_[p])) return false;
        hours = text_[p++] - '0';
        if (p < text_.size() && IsDigit(text_[p])) hours = hours * 10 + (text_[p++] - '0');
        if (p < text_.size() && text_[p] == ':' && TwoDigits(text_, p + 1) >= 0) {
          minutes = TwoDigits(text_, p + 1);
          p += 3;
        }
      }
      int seconds = 0;
      if (p < text_.size() && text_[p] == ':' && TwoDigits(text_, p + 1) >= 0) {
        seconds = TwoDigits(text_, p + 1);
        p += 3;
      }
      total = hours * 3600 + minutes * 60 + seconds;
      if (minus) total = -total;
    }
    if (!parsed->Set(kOffset, total)) return false;
    *pos = p;
    return true;
  }

  // ZoneIdPrinterParser / ZoneTextPrinterParser: offsets and UTC/GMT/UT prefixes first, then
  // the longest zone id (or, for 'z', zone name), then a bare 'Z'.
  bool ParseZone(const JToken& t, size_t* pos, Parsed* parsed) {
    const size_t position = *pos;
    if (position >= text_.size()) return false;
    std::string_view rest = text_.substr(position);
    ParsedZone& zone = parsed->zone;
    if (rest[0] == '+' || rest[0] == '-') return ParsePrefixedOffset(position, 0, pos, parsed);
    if (StartsWith(rest, "GMT0")) {
      SetUtc(&zone);
      *pos = position + 4;
      return true;
    }
    for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
      if (StartsWith(rest, prefix)) {
        return ParsePrefixedOffset(position, prefix.size(), pos, parsed);
      }
    }
    size_t best = 0;
    absl::TimeZone best_tz;
    if (t.kind == JKind::kZoneText) {
      for (const ZoneName& name : kZoneNames) {
        std::string_view key = t.full ? name.long_name : name.abbr;
        absl::TimeZone tz;
        if (!name.parse_zone.empty() && key.size() > best && StartsWith(rest, key) &&
            LoadRegionZone(name.parse_zone, &tz)) {
          best = key.size();
          best_tz = tz;
        }
      }
    }
    // Longest existing zone id: probe shorter and shorter runs of id characters.
    size_t run = 0;
    while (run < rest.size() && run < 64 && IsZoneIdChar(rest[run])) ++run;
    for (size_t length = run; length > best; --length) {
      absl::TimeZone tz;
      if (LoadRegionZone(rest.substr(0, length), &tz)) {
        best = length;
        best_tz = tz;
        break;
      }
    }
    if (best > 0) {
      zone.present = true;
      zone.fixed = false;
      zone.tz = best_tz;
      *pos = position + best;
      return true;
    }
    if (rest[0] == 'Z') {
      SetUtc(&zone);
      *pos = position + 1;
      return true;
    }
    return false;
  }

  static void SetUtc(ParsedZone* zone) {
    zone->present = true;
    zone->fixed = true;
    zone->offset = 0;
  }

  // ZoneIdPrinterParser.parseOffsetBased: "UTC", "UTC+01:00", "+01:00", ...
  bool ParsePrefixedOffset(size_t position, size_t prefix_length, size_t* pos, Parsed* parsed) {
    ParsedZone& zone = parsed->zone;
    size_t p = position + prefix_length;
    if (p >= text_.size() || text_[p] == '0' || text_[p] == 'Z') {
      SetUtc(&zone);  // the bare prefix; a following '0' or 'Z' is left for the pattern
      *pos = p;
      return true;
    }
    JToken shape;
    shape.literal = prefix_length == 0 ? "Z" : "0";
    shape.colon = true;
    shape.minutes_required = true;
    shape.seconds_allowed = true;
    int seconds = 0;
    size_t next = p;
    if (!ParseOffset(shape, p, &seconds, &next)) {
      if (prefix_length == 0) return false;
      SetUtc(&zone);
      *pos = p;
      return true;
    }
    if (seconds < -18 * 3600 || seconds > 18 * 3600) return false;
    zone.present = true;
    zone.fixed = true;
    zone.offset = seconds;
    *pos = next;
    return true;
  }

  const std::vector<JToken>& tokens_;
  std::string_view text_;
};

bool RangeError(JField f, int64_t v, int64_t lo, int64_t hi, std::string* error) {
  if (v >= lo && v <= hi) return false;
  *error = "invalid value for " + std::string(kFieldNames[f]) + " (valid values " +
           std::to_string(lo) + " - " + std::to_string(hi) + "): " + std::to_string(v);
  return true;
}

bool Conflict(JField f, int64_t parsed, int64_t derived, std::string* error) {
  if (parsed == derived) return false;
  *error = "conflict found: " + std::string(kFieldNames[f]) + " " + std::to_string(parsed) +
           " differs from " + std::to_string(derived) + " derived from the other fields";
  return true;
}

// Folds `v` into `f` as Parsed.updateCheckConflict does.
bool Merge(Parsed* p, JField f, int64_t v, std::string* error) {
  if (p->has[f] && Conflict(f, p->value[f], v, error)) return false;
  p->has[f] = true;
  p->value[f] = v;
  return true;
}

// Parsed.resolve with ResolverStyle.SMART, ISO chronology.
bool Resolve(Parsed p, int64_t* epoch_millis, std::string* error) {
  int64_t* v = p.value;
  // Year: year-of-era needs an era, assumed CE unless a proleptic year says otherwise.
  if (p.has[kYearOfEra]) {
    if (RangeError(kYearOfEra, v[kYearOfEra], 1, 999999999, error)) return false;
    int64_t year;
    if (p.has[kEra]) {
      if (RangeError(kEra, v[kEra], 0, 1, error)) return false;
      year = v[kEra] == 1 ? v[kYearOfEra] : 1 - v[kYearOfEra];
      p.has[kEra] = false;
    } else {
      year = !p.has[kYear] || v[kYear] > 0 ? v[kYearOfEra] : 1 - v[kYearOfEra];
    }
    if (!Merge(&p, kYear, year, error)) return false;
  }
  if (!p.has[kYear]) {
    *error = "text has no year";
    return false;
  }
  if (RangeError(kYear, v[kYear], -999999999, 999999999, error)) return false;
  if (p.has[kEra] && Conflict(kEra, v[kEra], v[kYear] > 0 ? 1 : 0, error)) return false;

  // Date: year-month-day (SMART clamps the day to the month's length) or year-day.
  const int64_t year = v[kYear];
  absl::CivilDay date;
  if (p.has[kMonth] && p.has[kDayOfMonth]) {
    if (RangeError(kMonth, v[kMonth], 1, 12, error)) return false;
    if (RangeError(kDayOfMonth, v[kDayOfMonth], 1, 31, error)) return false;
    const absl::CivilMonth month(year, static_cast<int>(v[kMonth]));
    const int length = static_cast<int>(absl::CivilDay(month + 1) - absl::CivilDay(month));
    date = absl::CivilDay(year, static_cast<int>(v[kMonth]),
                          static_cast<int>(std::min<int64_t>(v[kDayOfMonth], length)));
    if (p.has[kDayOfYear] && Conflict(kDayOfYear, v[kDayOfYear], absl::GetYearDay(date), error)) {
      return false;
    }
  } else if (p.has[kDayOfYear]) {
    if (RangeError(kDayOfYear, v[kDayOfYear], 1, 366, error)) return false;
    date = absl::CivilDay(year, 1, 1) + (v[kDayOfYear] - 1);
    if (date.year() != year) {
      *error = "invalid date 'DayOfYear 366' as '" + std::to_string(year) + "' is not a leap year";
      return false;
    }
    if (p.has[kMonth] && Conflict(kMonth, v[kMonth], date.month(), error)) return false;
  } else {
    *error = "text has no complete date (year with month and day, or day-of-year)";
    return false;
  }
  if (p.has[kDayOfWeek] &&
      Conflict(kDayOfWeek, v[kDayOfWeek], static_cast<int>(absl::GetWeekday(date)) + 1, error)) {
    return false;
  }

  // Time of day. SMART accepts 0 for the clock hours and 24:00 as the next midnight.
  if (p.has[kClockHourOfDay]) {
    int64_t ch = v[kClockHourOfDay];
    if (ch != 0 && RangeError(kClockHourOfDay, ch, 1, 24, error)) return false;
    if (!Merge(&p, kHourOfDay, ch == 24 ? 0 : ch, error)) return false;
  }
  if (p.has[kClockHourOfAmPm]) {
    int64_t ch = v[kClockHourOfAmPm];
    if (ch != 0 && RangeError(kClockHourOfAmPm, ch, 1, 12, error)) return false;
    if (!Merge(&p, kHourOfAmPm, ch == 12 ? 0 : ch, error)) return false;
  }
  if (p.has[kHourOfAmPm]) {
    if (!p.has[kAmPmOfDay]) {
      *error = "an hour of am/pm (h or K) needs an am/pm marker (a)";
      return false;
    }
    if (RangeError(kAmPmOfDay, v[kAmPmOfDay], 0, 1, error)) return false;
    if (RangeError(kHourOfAmPm, v[kHourOfAmPm], 0, 11, error)) return false;
    if (!Merge(&p, kHourOfDay, v[kAmPmOfDay] * 12 + v[kHourOfAmPm], error)) return false;
  }
  // Java leaves an am/pm marker without an hour unresolved; only a parsed hour is checked.
  const bool check_am_pm = p.has[kAmPmOfDay] && p.has[kHourOfDay];
  const int64_t hour = p.has[kHourOfDay] ? v[kHourOfDay] : 0;
  const int64_t minute = p.has[kMinute] ? v[kMinute] : 0;
  const int64_t second = p.has[kSecond] ? v[kSecond] : 0;
  const int64_t nano = p.has[kNano] ? v[kNano] : 0;
  if (RangeError(kMinute, minute, 0, 59, error)) return false;
  if (RangeError(kNano, nano, 0, 999999999, error)) return false;
  absl::CivilSecond local;
  if (hour == 24 && minute == 0 && second == 0 && nano == 0) {
    local = absl::CivilSecond(date + 1);
    if (check_am_pm && Conflict(kAmPmOfDay, v[kAmPmOfDay], 0, error)) return false;
  } else {
    if (RangeError(kHourOfDay, hour, 0, 23, error)) return false;
    if (RangeError(kSecond, second, 0, 59, error)) return false;
    if (check_am_pm && Conflict(kAmPmOfDay, v[kAmPmOfDay], hour / 12, error)) return false;
    local = absl::CivilSecond(date.year(), date.month(), date.day(), static_cast<int>(hour),
                              static_cast<int>(minute), static_cast<int>(second));
  }

  // Instant: a parsed offset wins over a zone; no zone at all means UTC.
  int64_t seconds;
  const absl::CivilSecond epoch(1970, 1, 1, 0, 0, 0);
  if (p.has[kOffset]) {
    if (RangeError(kOffset, v[kOffset], -18 * 3600, 18 * 3600, error)) return false;
    seconds = (local - epoch) - v[kOffset];
  } else if (p.zone.present && p.zone.fixed) {
    seconds = (local - epoch) - p.zone.offset;
  } else if (p.zone.present) {
    // `pre` matches ZonedDateTime.ofLocal: the earlier offset in an overlap, and a time in a
    // gap moved forward by the gap's length.
    seconds = absl::ToUnixSeconds(p.zone.tz.At(local).pre);
  } else {
    seconds = local - epoch;
  }
  int64_t millis;
  if (__builtin_mul_overflow(seconds, int64_t{1000}, &millis) ||
      __builtin_add_overflow(millis, nano / 1000000, &millis)) {
    *error = "instant exceeds the range of epoch milliseconds";
    return false;
  }
  *epoch_millis = millis;
  return true;
}

}  // namespace

bool ParseJavaTime(std::string_view text, std::string_view pattern, int64_t* epoch_millis,
                   std::string* error) {
  std::vector<JToken> tokens;
  if (!JavaPatternCompiler().Compile(pattern, &tokens, error)) return false;
  Parsed parsed;
  size_t error_pos = 0;
  if (!JavaTimeParser(tokens, text).Parse(&parsed, &error_pos)) {
    *error = "text '" + std::string(text) + "' could not be parsed at index " +
             std::to_string(error_pos);
    return false;
  }
  std::string reason;
  if (!Resolve(parsed, epoch_millis, &reason)) {
    *error = "text '" + std::string(text) + "' could not be parsed: " + reason;
    return false;
  }
  return true;
}

}  // namespace iotsql
