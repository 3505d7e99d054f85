// What goes wrong when a world file or a catalog file is loaded, and the
// value-or-errors type every loader returns.
//
// A WorldError points at one place in one file (1-based line and column, 0
// when the problem has no place, e.g. a world built in C++) and names the
// field in the file's own terms ("locks[1].model"). Its message says what is
// wrong and how to fix it. No message ever contains an access code: codes are
// named by their field, never quoted.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockstep::devices {

struct WorldError {
  std::string file;   // "world.yaml", "<built-in default>"
  int line = 0;       // 1-based; 0 = no position
  int column = 0;     // 1-based; 0 = no position
  std::string field;  // "locks[1].model"; empty for the whole file
  std::string message;

  // "world.yaml:12:14: locks[1].model: unknown lock model 'deadbolt-31'; ..."
  std::string to_string() const;
  friend bool operator==(const WorldError&, const WorldError&) = default;
};

// A loaded value, or every error found while loading it (never both).
template <class T>
class Loaded {
 public:
  Loaded(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Loaded(std::vector<WorldError> errors)         // NOLINT(google-explicit-constructor)
      : errors_(std::move(errors)) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

  // Empty when ok().
  const std::vector<WorldError>& errors() const { return errors_; }
  // Every error's to_string(), one per line.
  std::string error_text() const {
    std::string out;
    for (const auto& e : errors_) {
      out += e.to_string();
      out += '\n';
    }
    return out;
  }

 private:
  std::optional<T> value_;
  std::vector<WorldError> errors_;
};

}  // namespace lockstep::devices
