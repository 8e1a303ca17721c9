/*
 * cmd_intune.h - "gpforge intune": an Intune custom profile from ADMX
 * settings.
 */
#ifndef CMD_INTUNE_H
#define CMD_INTUNE_H

int cmd_intune(int argc, char **argv);

#endif
