#include <algorithm>

#include "cli/commands.h"

namespace iotsql::cli {

ParsedArgs ParseArgs(const std::vector<std::string>& args,
                     const std::vector<std::string>& with_value,
                     const std::vector<std::string>& flags) {
  ParsedArgs out;
  auto has = [](const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
  };
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a == "--help" || a == "-h") {
      out.help = true;
      continue;
    }
    if (a.size() < 2 || a.compare(0, 2, "--") != 0) {
      out.positional.push_back(a);
      continue;
    }
    std::string value;
    bool inline_value = false;
    size_t eq = a.find('=');
    if (eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      inline_value = true;
    }
    if (has(flags, a) && !inline_value) {
      out.options[a] = "";
    } else if (has(with_value, a)) {
      if (!inline_value) {
        if (i + 1 >= args.size()) {
          out.error = a + " needs a value";
          return out;
        }
        value = args[++i];
      }
      out.options[a] = value;
    } else {
      out.error = "unknown option " + a;
      return out;
    }
  }
  return out;
}

}  // namespace iotsql::cli
