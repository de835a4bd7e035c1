package dev.tocsin.incidents.domain;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An unmodifiable insertion-ordered copy of a map, made once: a state built from another state's
 * map (a builder round trip, a timer, a delivery) shares it instead of copying it again, so such a
 * change costs the same for one alert or two hundred.
 */
final class FrozenMap<K, V> extends AbstractMap<K, V> {
  private final Map<K, V> map;

  private FrozenMap(LinkedHashMap<K, V> copy) {
    this.map = Collections.unmodifiableMap(copy);
  }

  /** {@code map} itself when it is frozen already, else a frozen copy. */
  static <K, V> Map<K, V> of(Map<K, V> map) {
    return map instanceof FrozenMap<K, V> frozen ? frozen : new FrozenMap<>(new LinkedHashMap<>(map));
  }

  /** A frozen copy of {@code map} with {@code key} set to {@code value} (in place if present, else last). */
  static <K, V> Map<K, V> with(Map<K, V> map, K key, V value) {
    LinkedHashMap<K, V> copy = new LinkedHashMap<>(Math.max(16, (int) ((map.size() + 1) / 0.75f) + 1));
    copy.putAll(map);
    copy.put(key, value);
    return new FrozenMap<>(copy);
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    return map.entrySet();
  }

  @Override
  public V get(Object key) {
    return map.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return map.containsKey(key);
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public Set<K> keySet() {
    return map.keySet();
  }

  @Override
  public Collection<V> values() {
    return map.values();
  }
}
