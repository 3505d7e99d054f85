# `lockstep bench fleet` as a peer's script reads it (issue 7): stdout is
# exactly the FW1 counters in the spec's order, then events, wall_s,
# events_per_s and peak_rss_kb, one `name value` per line and nothing else;
# the kernel's own figures go to stderr; bad flags exit 2 naming the flag.
# Run by CTest: cmake -DLOCKSTEP=<path to lockstep> -P bench_fleet_cli.cmake
if(NOT LOCKSTEP)
  message(FATAL_ERROR "pass -DLOCKSTEP=<path to the lockstep executable>")
endif()

execute_process(
  COMMAND ${LOCKSTEP} bench fleet --sites 20 --hours 3 --seed 11 --jobs 2
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "bench fleet exited ${rc}: ${err}")
endif()
set(expected_names
  keypad_ok keypad_bad keypad_locked_out arms disarms lock_ok lock_bad relocks
  edits_requested edits_rejected_cloud edits_rejected_panel edits_applied
  lock_push_ok lock_push_retry lock_push_failed events wall_s events_per_s peak_rss_kb)
string(REGEX REPLACE "\n$" "" out "${out}")
string(REPLACE "\n" ";" lines "${out}")
list(LENGTH lines line_count)
list(LENGTH expected_names name_count)
if(NOT line_count EQUAL name_count)
  message(FATAL_ERROR "stdout has ${line_count} lines, expected ${name_count}:\n${out}")
endif()
math(EXPR last_line "${name_count} - 1")
foreach(i RANGE 0 ${last_line})
  list(GET lines ${i} line)
  list(GET expected_names ${i} name)
  if(NOT line MATCHES "^${name} [0-9]+(\\.[0-9]+)?$")
    message(FATAL_ERROR "stdout line ${i} is '${line}', expected '${name} <number>'")
  endif()
endforeach()
if(NOT err MATCHES "kernel_events [0-9]+")
  message(FATAL_ERROR "stderr lacks kernel_events:\n${err}")
endif()
if(NOT out MATCHES "\nevents [1-9][0-9]*\n")
  message(FATAL_ERROR "no events counted:\n${out}")
endif()

# Bad input: exit 2, the flag named, nothing on stdout.
foreach(bad "--window;5x" "--sites;0" "--jobs;0" "--hours;-1")
  execute_process(
    COMMAND ${LOCKSTEP} bench fleet --sites 5 ${bad}
    OUTPUT_VARIABLE bad_out ERROR_VARIABLE bad_err RESULT_VARIABLE bad_rc)
  list(GET bad 0 flag)
  if(NOT bad_rc EQUAL 2 OR NOT bad_err MATCHES "${flag}" OR NOT bad_out STREQUAL "")
    message(FATAL_ERROR "'bench fleet ${bad}': exit ${bad_rc}, stderr '${bad_err}', "
                        "stdout '${bad_out}'; expected exit 2 naming ${flag}, empty stdout")
  endif()
endforeach()
