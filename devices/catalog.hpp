// The device catalog: the panel and lock models a world can be built from.
//
// The built-in catalog is devices/catalog.yaml, compiled into the library, so
// `lockstep` works from any directory; another catalog can be loaded from a
// file or from text with the same checks. Each model carries the core spec
// the code-validation core works with (core::PanelSpec / core::LockSpec, whose
// `model` field is the catalog id) and a note on the public source of its
// figures. The file format is documented in devices/README.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/device_specs.hpp"
#include "devices/world_error.hpp"

namespace lockstep::devices {

struct PanelModel {
  std::string id;      // "panel-48-hardwired"; also spec.model
  std::string name;    // "48-user hardwired panel"
  std::string source;  // where the figures come from
  core::PanelSpec spec;
};

struct LockModel {
  std::string id;    // "deadbolt-30"; also spec.model
  std::string name;  // "30-slot touchscreen deadbolt"
  std::string source;
  core::LockSpec spec;
};

class Catalog {
 public:
  // devices/catalog.yaml as compiled in. Parsed once; aborts with the errors
  // on stderr if the compiled-in file is broken (a test guards against it).
  static const Catalog& builtin();
  static Loaded<Catalog> load_file(const std::string& path);
  static Loaded<Catalog> parse(std::string_view yaml_text, std::string source_name);

  // nullptr when there is no such model.
  const PanelModel* panel(std::string_view id) const;
  const LockModel* lock(std::string_view id) const;

  const std::vector<PanelModel>& panels() const { return panels_; }
  const std::vector<LockModel>& locks() const { return locks_; }
  std::vector<std::string> panel_ids() const;
  std::vector<std::string> lock_ids() const;

  // Where the catalog came from: a path or "<built-in catalog>".
  const std::string& source_name() const { return source_name_; }

 private:
  std::vector<PanelModel> panels_;
  std::vector<LockModel> locks_;
  std::string source_name_;
};

// The catalog text compiled into the library (devices/catalog.yaml).
std::string_view builtin_catalog_text();

// Reads a whole file; nullopt with `error` set when it cannot be read.
std::optional<std::string> read_text_file(const std::string& path, std::string& error);

}  // namespace lockstep::devices
