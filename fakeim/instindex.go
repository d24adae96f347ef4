package fakeim

import "sort"

// binding is an instance's push binding: the certificate ID and vendor
// token it reported with setOfflinePushConfig.
type binding struct {
	certID int64
	token  string
}

// instanceIndex holds every instance and finds them by user, by device
// ID and by push binding without a scan, so a login, a send or a token
// report costs the same at 10 phones and at 100,000. Instances are never
// removed (an Offline instance keeps its cause), so the lists only grow.
// Guarded by Server.mu.
type instanceIndex struct {
	all      map[instKey]*instance
	ofUser   map[string][]*instance // each user's instances, by device ID
	ofDevice map[string][]*instance // each device's instances, by user
	bound    map[binding][]*instance
}

func newInstanceIndex() *instanceIndex {
	return &instanceIndex{
		all:      map[instKey]*instance{},
		ofUser:   map[string][]*instance{},
		ofDevice: map[string][]*instance{},
		bound:    map[binding][]*instance{},
	}
}

// get returns the instance of user on device id, or nil.
func (x *instanceIndex) get(k instKey) *instance { return x.all[k] }

// add records a new instance in every index.
func (x *instanceIndex) add(in *instance) {
	x.all[instKey{in.user, in.id}] = in
	x.ofUser[in.user] = insertSorted(x.ofUser[in.user], in)
	x.ofDevice[in.id] = insertSorted(x.ofDevice[in.id], in)
}

// user returns user's instances by device ID. The slice is the index's
// own: callers must not keep or change it across a change of the index.
func (x *instanceIndex) user(u string) []*instance { return x.ofUser[u] }

// device returns the instances on device id, by user (the index's own slice).
func (x *instanceIndex) device(id string) []*instance { return x.ofDevice[id] }

// boundTo returns the instances holding binding b, in instance order (a
// fresh slice, safe to change the index while ranging over it).
func (x *instanceIndex) boundTo(b binding) []*instance {
	return append([]*instance(nil), x.bound[b]...)
}

// setBinding moves in's binding to b (the zero binding unbinds it).
func (x *instanceIndex) setBinding(in *instance, b binding) {
	old := binding{in.certID, in.token}
	if old == b {
		return
	}
	if old.token != "" {
		list := x.bound[old]
		for i, other := range list {
			if other == in {
				list = append(list[:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(x.bound, old)
		} else {
			x.bound[old] = list
		}
	}
	in.certID, in.token = b.certID, b.token
	if b.token != "" {
		x.bound[b] = insertSorted(x.bound[b], in)
	}
}

// sorted returns every instance by device ID, then user.
func (x *instanceIndex) sorted() []*instance {
	all := make([]*instance, 0, len(x.all))
	for _, in := range x.all {
		all = append(all, in)
	}
	sortInstances(all)
	return all
}

// instanceLess orders instances by device ID, then user.
func instanceLess(a, b *instance) bool {
	if a.id != b.id {
		return a.id < b.id
	}
	return a.user < b.user
}

// insertSorted inserts in into list, kept in instanceLess order.
func insertSorted(list []*instance, in *instance) []*instance {
	i := sort.Search(len(list), func(i int) bool { return !instanceLess(list[i], in) })
	list = append(list, nil)
	copy(list[i+1:], list[i:])
	list[i] = in
	return list
}
