#include "scenarios/scenario.hpp"

namespace lockstep::scenarios {

std::string SourceLocation::to_string() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  return out;
}

}  // namespace lockstep::scenarios
