/*
 * cmd_pol.h - "gpforge pol": registry.pol to text and back.
 */
#ifndef CMD_POL_H
#define CMD_POL_H

int cmd_pol(int argc, char **argv);

#endif
