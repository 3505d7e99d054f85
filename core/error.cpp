#include "core/error.hpp"

#include <algorithm>
#include <array>

namespace lockstep::core {
namespace {

struct ErrorText {
  ErrorId id;
  std::string_view name;
  std::string_view field;
  std::string_view sentence;
};

constexpr std::array kErrors = {
#define LOCKSTEP_ROW(id, field, sentence) ErrorText{ErrorId::id, #id, field, sentence},
    LOCKSTEP_CORE_ERRORS(LOCKSTEP_ROW)
#undef LOCKSTEP_ROW
};

constexpr std::array kIds = {
#define LOCKSTEP_ID(id, field, sentence) ErrorId::id,
    LOCKSTEP_CORE_ERRORS(LOCKSTEP_ID)
#undef LOCKSTEP_ID
};

const ErrorText& row(ErrorId id) {
  return kErrors[static_cast<std::size_t>(id)];
}

}  // namespace

std::string_view name(ErrorId id) {
  return row(id).name;
}
std::string_view sentence(ErrorId id) {
  return row(id).sentence;
}
std::string_view field(ErrorId id) {
  return row(id).field;
}
std::span<const ErrorId> all_errors() {
  return kIds;
}

std::optional<ErrorId> error_from_name(std::string_view text) {
  const auto* it = std::find_if(kErrors.begin(), kErrors.end(),
                                [&](const ErrorText& e) { return e.name == text; });
  if (it == kErrors.end()) return std::nullopt;
  return it->id;
}

std::string Problem::message() const {
  std::string out;
  if (!subject.empty()) {
    out += subject;
    out += ": ";
  }
  out += sentence(id);
  return out;
}

void Verdict::merge(const Verdict& other) {
  problems_.insert(problems_.end(), other.problems_.begin(), other.problems_.end());
}

bool Verdict::ok() const {
  return std::none_of(problems_.begin(), problems_.end(),
                      [](const Problem& p) { return p.severity == Severity::error; });
}

bool Verdict::has(ErrorId id) const {
  return std::any_of(problems_.begin(), problems_.end(),
                     [&](const Problem& p) { return p.id == id; });
}

std::vector<Problem> Verdict::errors() const {
  std::vector<Problem> out;
  std::copy_if(problems_.begin(), problems_.end(), std::back_inserter(out),
               [](const Problem& p) { return p.severity == Severity::error; });
  return out;
}

std::vector<Problem> Verdict::warnings() const {
  std::vector<Problem> out;
  std::copy_if(problems_.begin(), problems_.end(), std::back_inserter(out),
               [](const Problem& p) { return p.severity == Severity::warning; });
  return out;
}

const Problem& Verdict::first_error() const {
  return *std::find_if(problems_.begin(), problems_.end(),
                       [](const Problem& p) { return p.severity == Severity::error; });
}

}  // namespace lockstep::core
